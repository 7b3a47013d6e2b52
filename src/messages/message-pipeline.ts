import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { settlesWithin } from 'src/common/async/time-limit';
import { loggableError, unexpectedErrorDetails } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import { AgentWaitList } from 'src/messages/agent-wait-list';
import { ConversationLanes } from 'src/messages/conversation-lanes';
import { conversationKeyOf } from 'src/messages/conversation-key';
import { InstanceId } from 'src/messages/instance-id';
import { IntakeRate } from 'src/messages/intake-rate';
import {
  type ProcessContext,
  type ProcessOutcome,
  ProcessOutcomeKind,
  MessageProcessor,
} from 'src/messages/message-processor';
import { MessageRepository } from 'src/messages/message.repository';
import { RemoteWorkQueue } from 'src/messages/remote-work-queue';
import { OutboundService } from 'src/replies/outbound.service';

const RECOVERY_BATCH = 500;
// Above this many webhook messages stored per second, background processing steps back to a
// few conversations at once: acknowledging deliveries comes first (platforms re-send slow ones),
// and the backlog is safe in the database.
const INGEST_PRIORITY_RATE = 100;
const BACKGROUND_SHARE_WHILE_BUSY = 8;
// Background work waiting for a slot, at most (ids only, a few MiB); beyond it, recovery finds the
// rest in the database, swept again as soon as the backlog has room.
const MAX_BACKLOG = 100_000;
const BACKLOG_RECHECK_MS = 100;
const BLOCKED_FIRST_WAIT_MS = 25;
const BLOCKED_MAX_WAIT_MS = 1000;
const BLOCKED_RETRY_MS = 250;

/**
 * Where stored messages get processed: here, one at a time per conversation in arrival order,
 * or through the shared queue when there is one. Recovery finds what a crash, a restart or a
 * lost job left behind (at start and then periodically); shutdown stops intake, lets running
 * work finish within `SHUTDOWN_TIMEOUT_MS` and hands the rest back.
 */
@Injectable()
export class MessagePipeline implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessagePipeline.name);
  private readonly lanes: ConversationLanes;
  // Handed to the lanes here and not finished: a second hand-over of the same id joins the first.
  private readonly pending = new Map<number, Promise<ProcessOutcome>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  // Background work (ids only) waiting for a slot, in arrival order.
  private readonly backlog = new Map<number, string>();
  private backgroundRunning = 0;
  private backlogTimer: NodeJS.Timeout | null = null;
  private hasOverflowed = false;
  private readonly intake = new IntakeRate();
  private recoveryTimer: NodeJS.Timeout | null = null;
  private isSweeping = false;
  private draining = false;
  private remote: RemoteWorkQueue | null = null;

  constructor(
    private readonly processor: MessageProcessor,
    private readonly messages: MessageRepository,
    private readonly outbound: OutboundService,
    private readonly config: AppConfig,
    private readonly instance: InstanceId,
    private readonly waitingForAgents: AgentWaitList,
  ) {
    this.lanes = new ConversationLanes(config.pipeline.concurrency);
    waitingForAgents.releaseThrough((id, conversationKey) => this.dispatch(id, conversationKey));
  }

  /** From then on, work is handed out through the shared queue (BullMQ with `REDIS_URL`). */
  useRemote(queue: RemoteWorkQueue): void {
    this.remote = queue;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** A webhook message was just stored: see `INGEST_PRIORITY_RATE`. */
  noteIntake(): void {
    this.intake.mark();
  }

  /** Processes the message on this instance, after earlier messages of its conversation. */
  runHere(
    id: number,
    conversationKey: string,
    context: ProcessContext = {},
  ): Promise<ProcessOutcome> {
    const known = this.pending.get(id);
    if (known) {
      return known;
    }
    const work = this.runUntilUnblocked(id, conversationKey, context);
    this.pending.set(id, work);
    const forget = (): void => void this.pending.delete(id);
    work.then(forget, forget);
    return work;
  }

  /** Hands the message to whichever worker is free: the shared queue, or this instance. */
  dispatch(id: number, conversationKey: string, delayMs = 0): void {
    if (this.draining) {
      return;
    }
    if (this.remote) {
      this.remote.add(id, delayMs).catch((error: unknown) => {
        // Redis is down: the work stays here; the database keeps it either way.
        this.logger.warn(
          { messageId: id, ...loggableError(error) },
          'queue unavailable, running here',
        );
        this.schedule(id, conversationKey, delayMs);
      });
      return;
    }
    this.schedule(id, conversationKey, delayMs);
  }

  onApplicationBootstrap(): void {
    const interval = this.config.pipeline.recoveryIntervalMs;
    this.recoveryTimer = setInterval(() => void this.recover(), interval);
    this.recoveryTimer.unref();
    const first = setTimeout(() => void this.recover(), 0);
    first.unref();
  }

  /** Finds messages nobody is working on whose time has come, and hands them out again. */
  async recover(): Promise<number> {
    if (this.isSweeping || this.draining) {
      return 0;
    }
    this.isSweeping = true;
    try {
      const due = await this.messages.findDue(new Date(), RECOVERY_BATCH);
      const fresh = due.filter(
        (row) =>
          !this.pending.has(row.id) &&
          !this.backlog.has(row.id) &&
          !this.waitingForAgents.has(row.id),
      );
      for (const row of fresh) {
        this.dispatch(row.id, conversationKeyOf(row.platform, row.conversationId));
      }
      if (fresh.length > 0) {
        this.logger.log({ count: fresh.length }, 'recovered messages');
      }
      await this.outbound.resumeStale();
      return fresh.length;
    } catch (error) {
      this.logger.warn(loggableError(error), 'recovery sweep failed');
      return 0;
    } finally {
      this.isSweeping = false;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    if (this.recoveryTimer) {
      clearInterval(this.recoveryTimer);
    }
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    if (this.backlogTimer) {
      clearTimeout(this.backlogTimer);
    }
    // The queue's worker stops taking jobs on its own (`MessageJobConsumer`).
    const deadline = Date.now() + this.config.pipeline.shutdownTimeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      await settlesWithin(Promise.allSettled([...this.pending.values()]), deadline - Date.now());
    }
    // Whatever is still running or waiting goes back to the database for the next instance.
    const left = [
      ...new Set([...this.pending.keys(), ...this.processor.active, ...this.backlog.keys()]),
    ];
    this.backlog.clear();
    try {
      await this.messages.release(left, this.instance.value);
    } catch (error) {
      this.logger.error(loggableError(error), 'could not hand messages back');
    }
    this.logger.log({ handedBack: left.length }, 'pipeline stopped');
  }

  private schedule(id: number, conversationKey: string, delayMs: number): void {
    const start = (): void => this.enqueue(id, conversationKey);
    if (delayMs <= 0) {
      start();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      start();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private enqueue(id: number, conversationKey: string): void {
    if (this.draining || this.pending.has(id) || this.backlog.has(id)) {
      return;
    }
    if (this.backlog.size >= MAX_BACKLOG) {
      // Stored, and due for recovery once its pick-up time has passed.
      this.hasOverflowed = true;
      return;
    }
    this.backlog.set(id, conversationKey);
    this.pumpBacklog();
  }

  // Hands waiting background work to the lanes while slots are free: all of them when webhooks
  // come in slowly, a few while they pour in.
  private pumpBacklog(): void {
    const { concurrency } = this.config.pipeline;
    const limit =
      this.intake.perSecond() > INGEST_PRIORITY_RATE
        ? Math.min(concurrency, BACKGROUND_SHARE_WHILE_BUSY)
        : concurrency;
    for (const [id, conversationKey] of this.backlog) {
      if (this.draining || this.backgroundRunning >= limit) {
        break;
      }
      this.backlog.delete(id);
      this.backgroundRunning += 1;
      this.runHere(id, conversationKey)
        .catch((error: unknown) =>
          this.logger.error(
            { messageId: id, ...unexpectedErrorDetails(error) },
            'processing crashed',
          ),
        )
        .finally(() => {
          this.backgroundRunning -= 1;
          this.pumpBacklog();
        });
    }
    if (this.hasOverflowed && this.backlog.size < MAX_BACKLOG / 2) {
      this.hasOverflowed = false;
      void this.recover();
    }
    if (this.backlog.size > 0 && !this.backlogTimer && !this.draining) {
      // The intake may calm down before anything running finishes.
      this.backlogTimer = setTimeout(() => {
        this.backlogTimer = null;
        this.pumpBacklog();
      }, BACKLOG_RECHECK_MS);
      this.backlogTimer.unref();
    }
  }

  // While an earlier message of the conversation is on its way elsewhere, the lane is not held:
  // a caller waiting for the answer tries again shortly, other work is handed out again later.
  private async runUntilUnblocked(
    id: number,
    conversationKey: string,
    context: ProcessContext,
  ): Promise<ProcessOutcome> {
    const giveUpAt = Date.now() + this.config.pipeline.leaseMs;
    let waitMs = BLOCKED_FIRST_WAIT_MS;
    for (;;) {
      const outcome = await this.lanes.run(conversationKey, () => this.attempt(id, context));
      if (outcome.kind !== ProcessOutcomeKind.Blocked) {
        return outcome;
      }
      if (!context.isAnswerAwaited || Date.now() >= giveUpAt) {
        this.dispatch(id, conversationKey, BLOCKED_RETRY_MS);
        return outcome;
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      waitMs = Math.min(BLOCKED_MAX_WAIT_MS, waitMs * 2);
    }
  }

  private async attempt(id: number, context: ProcessContext): Promise<ProcessOutcome> {
    if (this.draining) {
      return { kind: ProcessOutcomeKind.Busy };
    }
    const outcome = await this.processor.process(id, context);
    if (outcome.kind === ProcessOutcomeKind.Processed && outcome.retryAt) {
      const isParked =
        outcome.isWaitingForAgents === true &&
        this.waitingForAgents.park(id, outcome.conversationKey);
      if (!isParked) {
        this.dispatch(id, outcome.conversationKey, outcome.retryAt.getTime() - Date.now());
      }
    }
    return outcome;
  }
}
