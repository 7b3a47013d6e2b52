import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  BrokenCircuitError,
  type CircuitState,
  IsolatedCircuitError,
  handleWhenResult,
  type RetryPolicy,
  wrap,
} from 'cockatiel';
import { AppConfig } from 'src/config/app-config';
import { consecutiveBreaker, retryPolicy } from 'src/common/resilience/retry-policy';
import { GatewayMetrics } from 'src/metrics/gateway-metrics';
import { AGENT_CIRCUIT_OPEN } from 'src/metrics/metric-labels';
import { extractReply } from 'src/routing/agent-reply';
import { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { AgentRoutingRepository } from 'src/routing/agent-routing.repository';
import { type AgentCallResult, AgentServiceClient } from 'src/routing/agent-service.client';
import { AgentCallStatus } from 'src/core/agent-call-status';
import type { RoutingRequest } from 'src/routing/routing-request';
import { AgentName, type RoutingOutcome } from 'src/core/routing-outcome';
import { ROUTING_RULES, type RoutingRules, selectRoute } from 'src/routing/routing-rules';

export const BREAKER_CONSECUTIVE_FAILURES = 5;

export type CircuitListener = (agent: AgentName, state: CircuitState) => void;

interface AgentRun {
  agent: AgentName;
  // `null` when every attempt failed or the breaker was open.
  answer: AgentCallResult | null;
  // A call skipped by the breaker is not counted.
  calls: number;
}

@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);
  // Per agent and per process: one failing agent must not stop calls to the others.
  private readonly policies: Record<AgentName, AgentPolicy>;
  private readonly circuitListeners: CircuitListener[] = [];

  constructor(
    private readonly client: AgentServiceClient,
    private readonly repository: AgentRoutingRepository,
    @Inject(ROUTING_RULES) private readonly rules: RoutingRules,
    config: AppConfig,
    @Optional() private readonly metrics?: GatewayMetrics,
  ) {
    const retries = retryPolicy(
      handleWhenResult((result) => isRetryable(result as AgentCallResult)),
      // Short, 100–200 ms: a synchronous webhook answer waits for this.
      { maxAttempts: config.agents.maxAttempts, backoff: { baseMs: 200, maxMs: 200 } },
    );
    this.policies = {
      [AgentName.GeneralPurpose]: agentPolicy(retries, config.agents.circuitOpenMs),
      [AgentName.BusinessWorkflow]: agentPolicy(retries, config.agents.circuitOpenMs),
      [AgentName.CodeDebugger]: agentPolicy(retries, config.agents.circuitOpenMs),
      [AgentName.AgentHub]: agentPolicy(retries, config.agents.circuitOpenMs),
    };
    for (const agent of Object.values(AgentName)) {
      metrics?.watchCircuit(agent, () => this.circuitState(agent));
      const [, breaker] = this.policies[agent].wrapped;
      breaker.onStateChange((state) => {
        for (const listener of this.circuitListeners) {
          listener(agent, state);
        }
      });
    }
  }

  /** Called on every change of an agent's circuit breaker (open, half-open, closed). */
  onCircuitChange(listener: CircuitListener): void {
    this.circuitListeners.push(listener);
  }

  circuitState(agent: AgentName): CircuitState {
    const [, breaker] = this.policies[agent].wrapped;
    return breaker.state;
  }

  // Never throws for agent failures (they end in `isSuccess: false`); it throws only when the
  // attempts cannot be recorded, so the message is processed again later.
  async route(request: RoutingRequest): Promise<RoutingOutcome> {
    const previous = request.isFirstAttempt
      ? null
      : await this.repository.findOutcomeForMessage(request.messageId, request.analysis);
    if (previous?.isSuccess) {
      // A reprocessed message (crash, replay) keeps its answer instead of asking an agent again.
      this.logger.log(
        { messageId: request.messageId, agent: previous.agent, isReused: true },
        'message already routed',
      );
      return previous;
    }

    const decision = selectRoute(this.rules, request.analysis);
    const requestId = request.requestId ?? randomUUID();
    let run = await this.runAgent(decision.agent, false, request, requestId);
    let attempts = run.calls;
    if (!run.answer && decision.fallbackAgent) {
      // A decision, not a fault of ours: the failed attempts are rows in agent_routing, and a
      // breaker that opened was logged once. Not even asked (breaker open): debug.
      this.logger[run.calls > 0 ? 'log' : 'debug'](
        {
          requestId,
          messageId: request.messageId,
          agent: run.agent,
          fallbackAgent: decision.fallbackAgent,
        },
        'agent failed, fallback takes over',
      );
      run = await this.runAgent(decision.fallbackAgent, true, request, requestId);
      attempts += run.calls;
    }

    const response: unknown = run.answer ? run.answer.body : {};
    const outcome: RoutingOutcome = {
      isSuccess: run.answer !== null,
      agent: run.agent,
      response,
      reply: run.answer ? extractReply(response) : null,
      isHumanHandover: decision.isHumanHandover || request.isHumanHandoverRequested === true,
      attempts,
    };
    this.logger.log(
      {
        // The id the agents got (the webhook request's, or one of its own in the background).
        requestId,
        messageId: request.messageId,
        rule: decision.matchedRule,
        agent: outcome.agent,
        isSuccess: outcome.isSuccess,
        attempts,
        isHumanHandover: outcome.isHumanHandover,
        latencyMs: run.answer?.latencyMs,
      },
      'message routed',
    );
    return outcome;
  }

  private async runAgent(
    agent: AgentName,
    isFallback: boolean,
    request: RoutingRequest,
    requestId: string,
  ): Promise<AgentRun> {
    let attempt = 0;
    try {
      const result = await this.policies[agent].execute(async () => {
        attempt += 1;
        const call = await this.client.process(agent, request, requestId);
        this.metrics?.agentCall(agent, call.status);
        await this.repository.recordAttempt({
          messageId: request.messageId,
          agent,
          url: call.url,
          attempt,
          isFallback,
          status:
            call.status === AgentCallStatus.Succeeded
              ? RoutingAttemptStatus.Succeeded
              : RoutingAttemptStatus.Failed,
          httpStatus: call.httpStatus,
          latencyMs: call.latencyMs,
          error: call.error,
          responseBody: call.body,
        });
        return call;
      });
      return {
        agent,
        answer: result.status === AgentCallStatus.Succeeded ? result : null,
        calls: attempt,
      };
    } catch (error) {
      if (!(error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError)) {
        throw error;
      }
      this.metrics?.agentCall(agent, AGENT_CIRCUIT_OPEN);
      await this.repository.recordAttempt({
        messageId: request.messageId,
        agent,
        url: this.client.processUrl(agent),
        attempt: attempt + 1,
        isFallback,
        status: RoutingAttemptStatus.Skipped,
        httpStatus: null,
        latencyMs: 0,
        error: 'circuit breaker open',
        responseBody: null,
      });
      return { agent, answer: null, calls: attempt };
    }
  }
}

type AgentPolicy = ReturnType<typeof agentPolicy>;

// The breaker sits inside the retries: every attempt counts, and retrying stops once it opens.
function agentPolicy(retries: RetryPolicy, openMs: number) {
  const breaker = consecutiveBreaker(
    openMs,
    BREAKER_CONSECUTIVE_FAILURES,
    handleWhenResult((result) => isAgentFault(result as AgentCallResult)),
  );
  return wrap(retries, breaker);
}

// A timeout is not retried: it would double the wait.
function isRetryable(result: AgentCallResult): boolean {
  switch (result.status) {
    case AgentCallStatus.ConnectionError:
      return true;
    case AgentCallStatus.HttpError:
      return result.httpStatus !== null && (result.httpStatus >= 500 || result.httpStatus === 429);
    case AgentCallStatus.Succeeded:
    case AgentCallStatus.Timeout:
    case AgentCallStatus.ResponseTooLarge:
      return false;
  }
}

// A 4xx other than 429 means the agent is up but refused this one, so it does not count.
function isAgentFault(result: AgentCallResult): boolean {
  switch (result.status) {
    case AgentCallStatus.Succeeded:
      return false;
    case AgentCallStatus.HttpError:
      return result.httpStatus === null || result.httpStatus >= 500 || result.httpStatus === 429;
    case AgentCallStatus.ConnectionError:
    case AgentCallStatus.Timeout:
    case AgentCallStatus.ResponseTooLarge:
      return true;
  }
}
