import { Injectable, Logger } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import { CircuitState } from 'cockatiel';
import { loggableError } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import { MessageRepository } from 'src/messages/message.repository';
import { MessageStatus } from 'src/core/message-status';
import type { AgentName } from 'src/core/routing-outcome';
import { RoutingService } from 'src/routing/routing.service';

// Ids only (a few MiB at most); beyond it a message waits in the database for recovery.
const MAX_WAITING = 100_000;
const RELEASE_TICK_MS = 100;
// A breaker lets its trial call through once its open period is over.
const WAKE_MARGIN_MS = 50;

export type Release = (id: number, conversationKey: string) => void;

/**
 * How long a message waiting for the agents stays out of recovery sweeps: two open periods of
 * the breakers, renewed while it waits.
 */
export function waitForAgentsMs(config: AppConfig): number {
  return 2 * config.agents.circuitOpenMs;
}

/**
 * Messages no agent could be asked about, because every breaker on their route was open. They do
 * not each wait on a timer and come back every open period one by one (thousands of messages in
 * a long outage would be re-run, re-deferred and logged over and over): they wait here, as ids,
 * until a breaker's open period is over, and are then handed out again at `AGENT_RELEASE_RATE`
 * a second. The first of them is the breaker's trial call; if one comes back still waiting, the
 * agents are still down and the rest keep waiting for the next open period. Each change of a
 * breaker is logged once, with how many messages wait.
 *
 * The database stays the source of truth: a waiting message is `waiting` with a pick-up time
 * that is pushed on while it waits, so recovery leaves it alone here and another instance takes
 * it if this one goes away.
 */
@Injectable()
export class AgentWaitList {
  private readonly logger = new Logger(AgentWaitList.name);
  private readonly waiting = new Map<number, string>();
  private release: Release | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private wakeAt = Number.POSITIVE_INFINITY;
  private releaseTimer: NodeJS.Timeout | null = null;
  private isStopped = false;
  // Timers start from whatever request deferred a message; what they hand out belongs to none.
  private readonly detached = new AsyncResource(AgentWaitList.name);

  constructor(
    routing: RoutingService,
    private readonly messages: MessageRepository,
    private readonly config: AppConfig,
  ) {
    routing.onCircuitChange((agent, state) => this.onCircuitChange(agent, state));
  }

  /** How released messages are handed out again: the pipeline's `dispatch`. */
  releaseThrough(release: Release): void {
    this.release = release;
  }

  get size(): number {
    return this.waiting.size;
  }

  has(id: number): boolean {
    return this.waiting.has(id);
  }

  /**
   * The message was deferred because no agent could be asked. `false` when it cannot wait here
   * (full, or shutting down): its pick-up time in the database then brings it back.
   */
  park(id: number, conversationKey: string): boolean {
    if (this.isStopped || (!this.waiting.has(id) && this.waiting.size >= MAX_WAITING)) {
      return false;
    }
    // Back at the end: the messages handed out first are the ones that waited longest.
    this.waiting.delete(id);
    this.waiting.set(id, conversationKey);
    if (this.releaseTimer !== null) {
      // A message handed out came back: the breakers still refuse calls.
      this.stopReleasing();
    }
    if (this.wakeTimer === null) {
      this.wakeIn(this.config.agents.circuitOpenMs + WAKE_MARGIN_MS);
    }
    return true;
  }

  /** Shutdown (`MessagePipeline`): nothing more is handed out from here. */
  stop(): void {
    this.isStopped = true;
    this.stopReleasing();
    if (this.wakeTimer !== null) {
      clearTimeout(this.wakeTimer);
      this.wakeTimer = null;
    }
    // Their pick-up times in the database bring them back, here or elsewhere.
    this.waiting.clear();
  }

  private onCircuitChange(agent: AgentName, state: CircuitState): void {
    const fields = { agent, state: CircuitState[state], waiting: this.waiting.size };
    if (state === CircuitState.Open) {
      this.logger.warn(fields, 'agent circuit breaker open: calls to it are refused for a while');
      this.wakeIn(this.config.agents.circuitOpenMs + WAKE_MARGIN_MS);
      void this.postponeWaiting();
    } else {
      this.logger.log(fields, 'agent circuit breaker changed');
      if (state === CircuitState.Closed) {
        this.wakeIn(0);
      }
    }
  }

  private wakeIn(ms: number): void {
    const at = Date.now() + ms;
    if (this.isStopped || (this.wakeTimer !== null && this.wakeAt <= at)) {
      return;
    }
    if (this.wakeTimer !== null) {
      clearTimeout(this.wakeTimer);
    }
    this.wakeAt = at;
    this.wakeTimer = setTimeout(
      this.detached.bind(() => {
        this.wakeTimer = null;
        this.wakeAt = Number.POSITIVE_INFINITY;
        this.startReleasing();
      }),
      ms,
    );
    this.wakeTimer.unref();
  }

  private startReleasing(): void {
    if (this.releaseTimer !== null || this.waiting.size === 0 || this.isStopped) {
      return;
    }
    this.logger.log({ waiting: this.waiting.size }, 'handing out messages that waited for agents');
    this.releaseTimer = setInterval(
      this.detached.bind(() => this.releaseSome()),
      RELEASE_TICK_MS,
    );
    this.releaseTimer.unref();
    this.detached.runInAsyncScope(() => this.releaseSome());
  }

  private releaseSome(): void {
    let perTick = Math.max(
      1,
      Math.round((this.config.agents.releasePerSecond * RELEASE_TICK_MS) / 1000),
    );
    for (const [id, conversationKey] of this.waiting) {
      if (this.releaseTimer === null || this.release === null) {
        return;
      }
      this.waiting.delete(id);
      this.release(id, conversationKey);
      if (this.waiting.size === 0) {
        this.logger.log('every message that waited for agents was handed out');
        this.stopReleasing();
        return;
      }
      if (--perTick <= 0) {
        return;
      }
    }
  }

  private stopReleasing(): void {
    if (this.releaseTimer !== null) {
      clearInterval(this.releaseTimer);
      this.releaseTimer = null;
    }
  }

  // While they wait here, recovery (on any instance) must not pick them up on its own.
  private async postponeWaiting(): Promise<void> {
    if (this.waiting.size === 0) {
      return;
    }
    const now = new Date();
    try {
      await this.messages.leases.postpone(
        [...this.waiting.keys()],
        new Date(now.getTime() + waitForAgentsMs(this.config)),
        now,
        [MessageStatus.Waiting],
      );
    } catch (error) {
      // Recovery may then find some of them early: they are deferred and wait again.
      this.logger.warn(loggableError(error), 'could not postpone the messages waiting for agents');
    }
  }
}
