import type { DataSource, Repository } from 'typeorm';
import { AnalyticsResult } from 'src/analysis/analytics-result.entity';
import { Platform } from 'src/core/inbound-message';
import { WebhookMessage } from 'src/messages/webhook-message.entity';
import { MessageStatus } from 'src/core/message-status';
import { OutboundMessage } from 'src/replies/outbound-message.entity';
import { OutboundKind, OutboundStatus } from 'src/core/outbound-status';
import { AgentRouting, RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { AgentName } from 'src/core/routing-outcome';
import { buildWebhookMessageRow } from 'test/factories/webhook-message.factory';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const EDGE_MARGIN_MS = 2 * 60_000;

// Messages per hour at the daily peak.
const PLATFORM_WEIGHTS: Record<Platform, number> = {
  [Platform.WhatsApp]: 5,
  [Platform.Izer]: 3,
  [Platform.Userlike]: 3,
  [Platform.Kindly]: 2,
  [Platform.Kore]: 2,
};

const CATEGORIES = ['support', 'inquiry', 'sales', 'complaint', 'technical', 'general'] as const;

export interface SeedTrafficOptions {
  now?: Date;
  // How far back the traffic goes; older rows fall outside the 24-hour window.
  hours?: number;
  // Deterministic by default, so a screenshot and the counts do not change between runs.
  seed?: number;
}

export interface SeededTraffic {
  messages: number;
}

/**
 * A realistic mix of stored traffic, written straight to the tables: messages from every platform
 * spread over the hours before `now` with a daily rhythm, each with its analysis, routing attempts
 * (a few failing over to agent_hub), outbound replies, and some failed and dead messages.
 * Failed messages are due again only tomorrow, so the pipeline's recovery leaves them alone.
 */
export async function seedTraffic(
  dataSource: DataSource,
  { now = new Date(), hours = 24 * 7, seed = 7 }: SeedTrafficOptions = {},
): Promise<SeededTraffic> {
  const random = seededRandom(seed);
  const messageRows: Partial<WebhookMessage>[] = [];
  for (let hoursAgo = 0; hoursAgo < hours; hoursAgo += 1) {
    const hourStart = now.getTime() - (hoursAgo + 1) * HOUR_MS;
    // Busiest in the (UTC) afternoon, quiet at night.
    const hourOfDay = new Date(hourStart).getUTCHours();
    const rhythm = 0.55 + 0.45 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
    for (const [platform, weight] of Object.entries(PLATFORM_WEIGHTS)) {
      const count = Math.round(weight * rhythm * (0.6 + random() * 0.8));
      for (let i = 0; i < count; i += 1) {
        // Never within two minutes of a whole hour before `now`: a window of N hours that a test
        // opens a little later still holds the same messages.
        const offsetMs = EDGE_MARGIN_MS + Math.floor(random() * (HOUR_MS - 2 * EDGE_MARGIN_MS));
        const receivedAt = new Date(hourStart + offsetMs);
        messageRows.push(messageRow(platform, receivedAt, now, random));
      }
    }
  }
  if (messageRows.length === 0) {
    return { messages: 0 };
  }
  const ids = await insertInChunks(dataSource, WebhookMessage, messageRows);
  const messages = messageRows.map((row, index) => ({
    ...row,
    id: ids[index],
    receivedAt: row.receivedAt as Date,
  }));

  const analyses: Partial<AnalyticsResult>[] = [];
  const routings: Partial<AgentRouting>[] = [];
  const outbound: Partial<OutboundMessage>[] = [];
  for (const message of messages) {
    const at = (offsetMs: number): Date => new Date(message.receivedAt.getTime() + offsetMs);
    const urgency = urgencyFor(random);
    const category = CATEGORIES[Math.floor(random() * CATEGORIES.length)];
    analyses.push({
      messageId: message.id,
      urgencyScore: urgency,
      category,
      sentiment: urgency >= 8 ? 'urgent' : urgency >= 6 ? 'negative' : 'neutral',
      keywords: [],
      priorityLevel:
        urgency >= 9 ? 'critical' : urgency >= 7 ? 'high' : urgency >= 4 ? 'normal' : 'low',
      isActionRequired: urgency >= 4,
      recommendedResponseTime: urgency >= 9 ? 'immediate' : urgency >= 7 ? '1hour' : '24hours',
      language: random() < 0.6 ? 'tr' : 'en',
      analyzer: random() < 0.3 ? 'openai' : 'heuristic',
      reasoning: 'seeded',
      shouldNotify: urgency >= 7,
      vipBoost: 0,
      model: null,
      latencyMs: 5,
      createdAt: at(40),
    });
    const agent =
      category === 'technical'
        ? AgentName.CodeDebugger
        : category === 'sales' || category === 'complaint'
          ? AgentName.BusinessWorkflow
          : AgentName.GeneralPurpose;
    const isDone = message.status === MessageStatus.Done;
    const firstFails = !isDone || random() < 0.08;
    routings.push(routingRow(message.id, agent, 1, firstFails, false, at(150), random));
    if (firstFails) {
      routings.push(routingRow(message.id, AgentName.AgentHub, 2, !isDone, true, at(400), random));
    }
    if (isDone && random() < 0.55) {
      outbound.push(outboundRow(message, at(700), random));
    }
  }
  await insertInChunks(dataSource, AnalyticsResult, analyses);
  await insertInChunks(dataSource, AgentRouting, routings);
  await insertInChunks(dataSource, OutboundMessage, outbound);
  return { messages: messages.length };
}

function messageRow(
  platform: string,
  receivedAt: Date,
  now: Date,
  random: () => number,
): Partial<WebhookMessage> {
  const roll = random();
  const status =
    roll < 0.04 ? MessageStatus.Dead : roll < 0.1 ? MessageStatus.Failed : MessageStatus.Done;
  const isDone = status === MessageStatus.Done;
  // Mostly fast, with a tail: agent calls that waited for a timeout or a fallback.
  const processingMs = Math.round(
    random() < 0.08 ? 2000 + random() * 3000 : 120 + Math.pow(random(), 2) * 900,
  );
  return buildWebhookMessageRow({
    platform,
    status,
    receivedAt,
    sentAt: receivedAt,
    attempts: isDone ? 1 : 3,
    duplicateCount: random() < 0.05 ? 1 : 0,
    processingMs: isDone ? processingMs : null,
    processedAt: isDone ? new Date(receivedAt.getTime() + processingMs) : null,
    lastError: isDone ? null : 'agent unavailable',
    nextAttemptAt: status === MessageStatus.Failed ? new Date(now.getTime() + DAY_MS) : null,
  });
}

function routingRow(
  messageId: number,
  agent: AgentName,
  attempt: number,
  isFailed: boolean,
  isFallback: boolean,
  createdAt: Date,
  random: () => number,
): Partial<AgentRouting> {
  return {
    messageId,
    agent,
    url: `http://127.0.0.1:1/${agent}/process`,
    attempt,
    isFallback,
    status: isFailed ? RoutingAttemptStatus.Failed : RoutingAttemptStatus.Succeeded,
    httpStatus: isFailed ? 503 : 200,
    latencyMs: Math.round(80 + random() * 400),
    error: isFailed ? 'HTTP 503' : null,
    responseBody: null,
    createdAt,
  };
}

function outboundRow(
  message: Partial<WebhookMessage> & { id: number },
  createdAt: Date,
  random: () => number,
): Partial<OutboundMessage> {
  const roll = random();
  const status =
    roll < 0.05
      ? OutboundStatus.Failed
      : roll < 0.1
        ? OutboundStatus.NeedsTemplate
        : roll < 0.4
          ? OutboundStatus.Sent
          : roll < 0.75
            ? OutboundStatus.Delivered
            : OutboundStatus.Read;
  return {
    messageId: message.id,
    platform: message.platform,
    conversationId: message.conversationId ?? null,
    recipient: 'seeded-recipient',
    text: 'Thanks, we are on it.',
    status,
    externalId: null,
    attempts: 1,
    lastError: status === OutboundStatus.Failed ? 'HTTP 500' : null,
    kind: OutboundKind.Reply,
    delivery: null,
    sentAt: status === OutboundStatus.Failed ? null : createdAt,
    createdAt,
    updatedAt: createdAt,
  };
}

// Mostly routine questions, some urgent ones.
function urgencyFor(random: () => number): number {
  const roll = random();
  if (roll < 0.05) {
    return 9 + Math.floor(random() * 2);
  }
  if (roll < 0.2) {
    return 7 + Math.floor(random() * 2);
  }
  return 2 + Math.floor(random() * 5);
}

// MySQL's packet limit and SQLite's parameter limit both stay far away with chunks this size.
async function insertInChunks<T extends object>(
  dataSource: DataSource,
  entity: new () => T,
  rows: Partial<T>[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += 100) {
    const result = await dataSource
      .getRepository(entity)
      .insert(rows.slice(start, start + 100) as Parameters<Repository<T>['insert']>[0]);
    ids.push(...result.identifiers.map((identifier) => Number(identifier.id)));
  }
  return ids;
}

// mulberry32: small, fast and the same on every machine.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
