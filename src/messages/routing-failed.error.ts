import type { RoutingOutcome } from 'src/core/routing-outcome';

// No agent gave an answer: the attempt fails, and `stage-plan.ts` decides what comes of it.
export class RoutingFailedError extends Error {
  constructor(readonly routing: RoutingOutcome) {
    super(`routing failed: no agent answered (last ${routing.agent})`);
    this.name = 'RoutingFailedError';
  }
}
