import { ScorerFailure } from 'src/core/scorer-failure';
import { Platform } from 'src/core/inbound-message';
import { MessageStatus } from 'src/core/message-status';
import { OutboundStatus } from 'src/core/outbound-status';
import { AgentCallStatus } from 'src/core/agent-call-status';
import { AgentName } from 'src/core/routing-outcome';

// Every label value comes from one of these closed sets: a value from anywhere else (a new
// platform, a typo, an id) is counted as `other`, so a caller can never grow the series count.
export const OTHER = 'other';

export const PLATFORMS: readonly string[] = Object.values(Platform);

export const ANALYZERS: readonly string[] = ['openai', 'heuristic'];

// Only what the OpenAI scorer reports as a failed call: `disabled`, `empty_input` and
// `corrected` never call it.
export const OPENAI_FAILURE_KINDS: readonly string[] = Object.values(ScorerFailure).filter(
  (kind) =>
    kind !== ScorerFailure.Disabled &&
    kind !== ScorerFailure.EmptyInput &&
    kind !== ScorerFailure.Corrected,
);

export const AGENTS: readonly string[] = Object.values(AgentName);

// The agent client's outcomes, plus a call the agent's circuit breaker refused.
export const AGENT_CIRCUIT_OPEN = 'circuit_open';
export const AGENT_OUTCOMES: readonly string[] = [
  ...Object.values(AgentCallStatus),
  AGENT_CIRCUIT_OPEN,
];

export const OUTBOUND_STATUSES: readonly string[] = Object.values(OutboundStatus);

// How a send ended, as `OutboundService` reports it.
export const OUTBOUND_SEND_RESULTS: readonly string[] = [
  OutboundStatus.Sent,
  OutboundStatus.Failed,
  OutboundStatus.NeedsTemplate,
];

export const MESSAGE_STATUSES: readonly string[] = Object.values(MessageStatus);

export type ProcessingStage = 'store' | 'analyze' | 'route' | 'reply' | 'total';
export const PROCESSING_STAGES: readonly ProcessingStage[] = [
  'store',
  'analyze',
  'route',
  'reply',
  'total',
];

export const OPENAI_DEPENDENCY = 'openai';
// OpenAI, each agent service, and each platform's send API.
export const CIRCUIT_DEPENDENCIES: readonly string[] = [OPENAI_DEPENDENCY, ...AGENTS, ...PLATFORMS];
export const CIRCUIT_STATES: readonly string[] = ['closed', 'open', 'half_open', 'isolated'];

export const HTTP_METHODS: readonly string[] = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
];

// Fastify has no route pattern for a request no route matched (404).
export const UNMATCHED_ROUTE = 'unmatched';

export function clampLabel(value: string, allowed: readonly string[]): string {
  return allowed.includes(value) ? value : OTHER;
}

export function clampStatusCode(statusCode: number): string {
  return Number.isInteger(statusCode) && statusCode >= 100 && statusCode <= 599
    ? String(statusCode)
    : OTHER;
}
