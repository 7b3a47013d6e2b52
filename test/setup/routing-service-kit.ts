import { type Category, PriorityLevel } from 'src/core/message-analysis';
import { AppConfig } from 'src/config/app-config';
import type {
  AgentRoutingRepository,
  RoutingAttemptRecord,
} from 'src/routing/agent-routing.repository';
import type { RoutingAttemptStatus } from 'src/routing/agent-routing.entity';
import { AgentServiceClient } from 'src/routing/agent-service.client';
import type { RoutingRequest } from 'src/routing/routing-request';
import { AgentName, type RoutingOutcome } from 'src/core/routing-outcome';
import { DEFAULT_ROUTING_RULES, type RoutingRules } from 'src/routing/routing-rules';
import { RoutingService } from 'src/routing/routing.service';
import { buildInboundMessage } from 'test/factories/inbound-message.factory';
import { buildMessageAnalysis } from 'test/factories/message-analysis.factory';
import type { StubHttpServer, StubResponse } from 'test/setup/stub-http-server';

// What RoutingService's specs share: stand-in agents on one loopback server (each agent under
// its own path) called through the real AgentServiceClient, and the attempts kept in memory.

// Long enough for a loopback answer on a busy machine; `timedOut` answers well after it.
export const AGENT_TIMEOUT_MS = 3000;

export const ok = (body: unknown): StubResponse => ({ status: 200, body });
export const httpError = (status: number): StubResponse => ({ status, body: {} });
export const dropped: StubResponse = { isDropped: true };
export const timedOut: StubResponse = { status: 200, body: {}, delayMs: AGENT_TIMEOUT_MS + 1000 };
export const oversized: StubResponse = {
  status: 200,
  body: 'x'.repeat(AgentServiceClient.MAX_RESPONSE_BYTES + 1),
};

export interface ScriptedAgents {
  /** The agent answers these in order, then repeats the last one (default: 200 `{}`). */
  script(agent: AgentName, ...answers: StubResponse[]): void;
  urlOf(agent: AgentName): string;
  calledAgents(): AgentName[];
  requestIds(): unknown[];
}

export function scriptAgents(stub: StubHttpServer): ScriptedAgents {
  const scripts = new Map<AgentName, StubResponse[]>();
  const agentOf = (path: string): AgentName => path.split('/')[1] as AgentName;
  stub.respondWith((request) => {
    const script = scripts.get(agentOf(request.path)) ?? [ok({})];
    return script.length > 1 ? script.shift()! : script[0];
  });
  return {
    script: (agent, ...answers) => void scripts.set(agent, answers),
    urlOf: (agent) => `${stub.url}/${agent}/process`,
    calledAgents: () => stub.requests.map((request) => agentOf(request.path)),
    requestIds: () => stub.requests.map((request) => request.headers['x-request-id']),
  };
}

export class InMemoryAgentRoutingRepository {
  readonly records: RoutingAttemptRecord[] = [];
  storedOutcome: RoutingOutcome | null = null;

  recordAttempt(record: RoutingAttemptRecord): Promise<void> {
    this.records.push(record);
    return Promise.resolve();
  }

  findOutcomeForMessage(): Promise<RoutingOutcome | null> {
    return Promise.resolve(this.storedOutcome);
  }

  rows(): [AgentName, number, boolean, RoutingAttemptStatus][] {
    return this.records.map((r) => [r.agent, r.attempt, r.isFallback, r.status]);
  }
}

export function createRoutingService(
  stub: StubHttpServer,
  repository: InMemoryAgentRoutingRepository,
  maxAttempts = 2,
  rules: RoutingRules = DEFAULT_ROUTING_RULES,
): RoutingService {
  const config = AppConfig.fromEnv({
    LOG_LEVEL: 'silent',
    AGENT_MAX_ATTEMPTS: String(maxAttempts),
    AGENT_TIMEOUT_MS: String(AGENT_TIMEOUT_MS),
    AGENT_GENERAL_PURPOSE_URL: `${stub.url}/${AgentName.GeneralPurpose}`,
    AGENT_BUSINESS_WORKFLOW_URL: `${stub.url}/${AgentName.BusinessWorkflow}`,
    AGENT_CODE_DEBUGGER_URL: `${stub.url}/${AgentName.CodeDebugger}`,
    AGENT_HUB_URL: `${stub.url}/${AgentName.AgentHub}`,
  });
  return new RoutingService(
    new AgentServiceClient(config),
    repository as unknown as AgentRoutingRepository,
    rules,
    config,
  );
}

export function requestFor(
  category: Category,
  priorityLevel = PriorityLevel.Normal,
): RoutingRequest {
  return {
    messageId: 42,
    message: buildInboundMessage(),
    analysis: buildMessageAnalysis({ category, priorityLevel }),
    history: [],
  };
}
