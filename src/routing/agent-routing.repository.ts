import { Inject, Injectable } from '@nestjs/common';
import { toWellFormedJson } from 'src/common/text/unicode';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, Repository } from 'typeorm';
import { groupBy } from 'src/common/collections/group-by';
import type { MessageAnalysis } from 'src/core/message-analysis';
import { writeBatcher } from 'src/database/batcher';
import { RowStatements } from 'src/database/row-statements';
import { extractReply } from 'src/routing/agent-reply';
import { AgentRouting, RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import type { AgentName, RoutingOutcome } from 'src/core/routing-outcome';
import { isHumanHandover, ROUTING_RULES, type RoutingRules } from 'src/routing/routing-rules';

// A skipped call (circuit breaker open) is recorded too.
export interface RoutingAttemptRecord {
  messageId: number;
  agent: AgentName;
  url: string;
  // 1-based, counted per agent within one routing run.
  attempt: number;
  isFallback: boolean;
  status: RoutingAttemptStatus;
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: unknown;
}

const MAX_ERROR_CHARS = 1000;

// How routing went for one message, as a list of messages shows it.
export interface RoutingSummary {
  agent: string;
  status: RoutingAttemptStatus;
  isFallback: boolean;
  // Calls made (a skipped one was not made).
  attempts: number;
}

// The attempt that says how a message was routed: the one that succeeded, else the last one.
function decidingAttempt(rows: AgentRouting[]): AgentRouting | undefined {
  return rows.find((row) => row.status === RoutingAttemptStatus.Succeeded) ?? rows.at(-1);
}

function callsMade(rows: AgentRouting[]): number {
  return rows.filter((row) => row.status !== RoutingAttemptStatus.Skipped).length;
}

@Injectable()
export class AgentRoutingRepository {
  private readonly statements: RowStatements<AgentRouting>;
  private readonly appends = writeBatcher((rows: Partial<AgentRouting>[]) =>
    this.statements.insertAll(rows),
  );

  constructor(
    @InjectRepository(AgentRouting) private readonly rows: Repository<AgentRouting>,
    @Inject(ROUTING_RULES) private readonly rules: RoutingRules,
  ) {
    this.statements = new RowStatements(
      rows.manager,
      AgentRouting,
      [
        'messageId',
        'agent',
        'url',
        'attempt',
        'isFallback',
        'status',
        'httpStatus',
        'latencyMs',
        'error',
        'responseBody',
        'createdAt',
      ],
      { parentKey: 'messageId' },
    );
  }

  // Concurrent attempts share one statement (see `Batcher`).
  recordAttempt(record: RoutingAttemptRecord): Promise<void> {
    return this.appends.submit({
      ...record,
      latencyMs: Math.max(0, Math.round(record.latencyMs)),
      error: record.error === null ? null : record.error.slice(0, MAX_ERROR_CHARS),
      // An agent's JSON may hold lone surrogates, which the JSON column would refuse.
      responseBody: toWellFormedJson(record.responseBody ?? null),
      createdAt: new Date(),
    });
  }

  // Oldest first, for the admin message view.
  findAttemptsForMessage(messageId: number): Promise<AgentRouting[]> {
    return this.rows.find({ where: { messageId }, order: { id: 'ASC' } });
  }

  // Messages without an attempt are left out.
  async summarizeForMessages(messageIds: number[]): Promise<Map<number, RoutingSummary>> {
    if (messageIds.length === 0) {
      return new Map();
    }
    const rows = await this.rows.find({
      select: { id: true, messageId: true, agent: true, status: true, isFallback: true },
      where: { messageId: In(messageIds) },
      order: { id: 'ASC' },
    });
    const byMessage = groupBy(rows, (row) => row.messageId);
    const summaries = new Map<number, RoutingSummary>();
    for (const [messageId, attempts] of byMessage) {
      const deciding = decidingAttempt(attempts);
      if (deciding) {
        summaries.set(messageId, {
          agent: deciding.agent,
          status: deciding.status,
          isFallback: deciding.isFallback,
          attempts: callsMade(attempts),
        });
      }
    }
    return summaries;
  }

  countAttemptsForMessage(messageId: number): Promise<number> {
    return this.rows.count({ where: { messageId, status: Not(RoutingAttemptStatus.Skipped) } });
  }

  // Handover is not stored, so it is recomputed from the analysis with the rules.
  async findOutcomeForMessage(
    messageId: number,
    analysis: MessageAnalysis,
  ): Promise<RoutingOutcome | null> {
    const rows = await this.findAttemptsForMessage(messageId);
    const deciding = decidingAttempt(rows);
    if (!deciding) {
      return null;
    }
    const isSuccess = deciding.status === RoutingAttemptStatus.Succeeded;
    const response: unknown = isSuccess ? (deciding.responseBody ?? {}) : {};
    return {
      isSuccess,
      agent: deciding.agent as AgentName,
      response,
      reply: isSuccess ? extractReply(response) : null,
      isHumanHandover: isHumanHandover(this.rules, analysis),
      attempts: callsMade(rows),
    };
  }
}
