import { Inject, Injectable } from '@nestjs/common';
import { toWellFormedJson } from 'src/common/text/unicode';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, Repository } from 'typeorm';
import type { MessageAnalysis } from 'src/analysis/message-analysis';
import { writeBatcher } from 'src/database/batcher';
import { RowStatements } from 'src/database/row-statements';
import { extractReply } from 'src/routing/agent-reply';
import { AgentRouting, RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import type { AgentName, RoutingOutcome } from 'src/routing/routing-outcome';
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
    this.statements = new RowStatements(rows.manager, AgentRouting, [
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
    ]);
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

  countAttemptsForMessage(messageId: number): Promise<number> {
    return this.rows.count({ where: { messageId, status: Not(RoutingAttemptStatus.Skipped) } });
  }

  // Handover is not stored, so it is recomputed from the analysis with the rules.
  async findOutcomeForMessage(
    messageId: number,
    analysis: MessageAnalysis,
  ): Promise<RoutingOutcome | null> {
    const rows = await this.findAttemptsForMessage(messageId);
    const last = rows.at(-1);
    if (!last) {
      return null;
    }
    const succeeded = rows.find((row) => row.status === RoutingAttemptStatus.Succeeded);
    const response: unknown = succeeded ? (succeeded.responseBody ?? {}) : {};
    return {
      isSuccess: succeeded !== undefined,
      agent: (succeeded ?? last).agent as AgentName,
      response,
      reply: succeeded ? extractReply(response) : null,
      isHumanHandover: isHumanHandover(this.rules, analysis),
      attempts: rows.filter((row) => row.status !== RoutingAttemptStatus.Skipped).length,
    };
  }
}
