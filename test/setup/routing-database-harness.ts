import { Logger } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { type Category, PriorityLevel, ResponseTime, Sentiment } from 'src/core/message-analysis';
import { MessageStatus } from 'src/core/message-status';
import { AgentName } from 'src/core/routing-outcome';
import { AgentRouting } from 'src/routing/agent-routing.entity';
import type { RoutingRequest } from 'src/routing/routing-request';
import { RoutingModule } from 'src/routing/routing.module';
import { RoutingService } from 'src/routing/routing.service';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';
import { createDatabaseTestingModule } from 'test/factories/testing-module.factory';
import {
  buildWebhookMessageRowFor,
  insertWebhookMessage,
} from 'test/factories/webhook-message.factory';
import { StubHttpServer } from 'test/setup/stub-http-server';
import { TestDatabase, type TestDatabaseKind, truncateAll } from 'test/setup/test-database';

const AGENT_URL_VARIABLES: Record<AgentName, string> = {
  [AgentName.GeneralPurpose]: 'AGENT_GENERAL_PURPOSE_URL',
  [AgentName.BusinessWorkflow]: 'AGENT_BUSINESS_WORKFLOW_URL',
  [AgentName.CodeDebugger]: 'AGENT_CODE_DEBUGGER_URL',
  [AgentName.AgentHub]: 'AGENT_HUB_URL',
};

/** An attempt as `agent_routing` keeps it: agent, attempt, fallback, status, HTTP status. */
export type AttemptRow = [
  agent: string,
  attempt: number,
  isFallback: boolean,
  status: string,
  http: number | null,
];

/**
 * `RoutingService` on a real database (SQLite, or MySQL with TEST_DATABASE_URL) with one stand-in
 * server per agent on loopback; `start` builds the module for each test, with the environment
 * given on top of the agents' URLs.
 */
export class RoutingDatabaseHarness {
  readonly agents = {} as Record<AgentName, StubHttpServer>;
  private database: TestDatabase | null = null;
  private ref: TestingModule | null = null;
  private source: DataSource | null = null;
  private service: RoutingService | null = null;
  private closed = '';
  private sequence = 0;

  static use(kind: TestDatabaseKind): RoutingDatabaseHarness {
    const harness = new RoutingDatabaseHarness();
    beforeAll(async () => {
      Logger.overrideLogger(false);
      harness.database = await TestDatabase.create(kind);
      for (const agent of Object.values(AgentName)) {
        harness.agents[agent] = await StubHttpServer.start();
      }
      // A port nobody listens on: connection refused.
      const closed = await StubHttpServer.start();
      harness.closed = closed.url;
      await closed.stop();
    });
    afterAll(async () => {
      for (const stub of Object.values(harness.agents)) {
        await stub.stop();
      }
      await harness.database?.drop();
    });
    afterEach(async () => {
      await harness.ref?.close();
      harness.ref = null;
    });
    return harness;
  }

  get sut(): RoutingService {
    return this.started(this.service);
  }

  get dataSource(): DataSource {
    return this.started(this.source);
  }

  get moduleRef(): TestingModule {
    return this.started(this.ref);
  }

  /** An agent URL nobody listens on. */
  get closedUrl(): string {
    return this.closed;
  }

  async start(overrides: Record<string, string> = {}): Promise<void> {
    const env: Record<string, string> = { AGENT_TIMEOUT_MS: '300', AGENT_MAX_ATTEMPTS: '2' };
    for (const agent of Object.values(AgentName)) {
      env[AGENT_URL_VARIABLES[agent]] = this.agents[agent].url;
      this.agents[agent].reset();
    }
    if (!this.database) {
      throw new Error('the database is created in beforeAll');
    }
    const config = this.database.config({ ...env, ...overrides });
    this.ref = await createDatabaseTestingModule(config, [RoutingModule]).compile();
    this.source = this.ref.get(DataSource);
    await truncateAll(this.dataSource);
    this.service = this.ref.get(RoutingService);
  }

  /** A stored, analysed message of `category` and the request to route it. */
  async requestFor(
    category: Category,
    priorityLevel = PriorityLevel.Normal,
  ): Promise<RoutingRequest> {
    this.sequence += 1;
    const receivedAt = new Date();
    const message = buildInboundMessage({
      externalId: `izer-${this.sequence}`,
      conversationId: '+905551234567',
      conversationName: 'VIP Customers',
      sender: { id: '+905551234567', name: 'Ayşe Yılmaz', phone: '+905551234567' },
      text: 'Bisikletimin zinciri koptu, acil yardım lütfen 🚲',
      sentAt: receivedAt,
      receivedAt,
    });
    const row = await insertWebhookMessage(
      this.dataSource,
      buildWebhookMessageRowFor(message, { status: MessageStatus.Analyzed }),
    );
    const analysis = buildMessageAnalysis({
      urgencyScore: 8,
      category,
      sentiment: Sentiment.Negative,
      keywords: ['zincir', 'acil'],
      priorityLevel,
      isActionRequired: true,
      recommendedResponseTime: ResponseTime.OneHour,
      language: 'tr',
      reasoning: 'broken part, urgent words',
      shouldNotify: true,
      vipBoost: 2,
    });
    const history = [
      { sender: 'Ayşe Yılmaz', content: 'Merhaba', sentAt: new Date(0), type: 'text' },
    ];
    return { messageId: row.id, message, analysis, history };
  }

  async rowsOf(messageId: number): Promise<AttemptRow[]> {
    const rows = await this.dataSource
      .getRepository(AgentRouting)
      .find({ where: { messageId }, order: { id: 'ASC' } });
    return rows.map((row) => [row.agent, row.attempt, row.isFallback, row.status, row.httpStatus]);
  }

  private started<T>(value: T | null): T {
    if (value === null) {
      throw new Error('call start() first');
    }
    return value;
  }
}
