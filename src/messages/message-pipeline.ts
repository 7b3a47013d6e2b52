import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { settlesWithin } from 'src/common/async/time-limit';
import { loggableError } from 'src/common/logging/loggable-error';
import { AppConfig } from 'src/config/app-config';
import { AgentWaitList } from 'src/messages/agent-wait-list';
import { conversationKeyOf } from 'src/core/conversation-key';
import { ConversationLanes } from 'src/messages/conversation-lanes';
import { MessageProcessor } from 'src/messages/message-processor';
import { MessageRepository } from 'src/messages/message.repository';
import {
  type ProcessContext,
  type ProcessOutcome,
  ProcessOutcomeKind,
} from 'src/messages/process-outcome';
import { MessageStatus } from 'src/core/message-status';
import { InProcessScheduler } from 'src/queue/in-process-scheduler';
import { WorkScheduler } from 'src/queue/work-scheduler';
import { OutboundService } from 'src/replies/outbound.service';

const RECOVERY_BATCH = 500;
const BLOCKED_FIRST_WAIT_MS = 25;
const BLOCKED_MAX_WAIT_MS = 1000;
const BLOCKED_RETRY_MS = 250;

/**
 * Runs stored messages through `MessageProcessor` on this instance, one at a time per
 * conversation in arrival order, and hands later work to the `WorkScheduler` chosen at boot.
 * It keeps the pipeline's in-flight registry (`running`; the leases it holds are the processor's
 * `LeaseHolder`, the work not started yet the scheduler's), sweeps for due rows of both leased
 * tables (at start, then every `RECOVERY_INTERVAL_MS`), and owns the one shutdown: stop intake,
 * let running work finish within `SHUTDOWN_TIMEOUT_MS`, hand the rest back.
 */
@Injectable()
export class MessagePipeline implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessagePipeline.name);
  private readonly lanes: ConversationLanes;
  // Handed to the lanes here and not finished: a second hand-over of the same id joins the first.
  private readonly running = new Map<number, Promise<ProcessOutcome>>();
  private recoveryTimer: NodeJS.Timeout | null = null;
  private isSweeping = false;
  private draining = false;

  constructor(
    private readonly processor: MessageProcessor,
    private readonly messages: MessageRepository,
    private readonly outbound: OutboundService,
    private readonly config: AppConfig,
    private readonly scheduler: WorkScheduler,
    private readonly local: InProcessScheduler,
    private readonly waitingForAgents: AgentWaitList,
  ) {
    this.lanes = new ConversationLanes(config.pipeline.concurrency);
    scheduler.runThrough((id, conversationKey) => this.runScheduled(id, conversationKey));
    local.whenRoomAgain(() => void this.recover());
    waitingForAgents.releaseThrough((id, conversationKey) => this.dispatch(id, conversationKey));
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** A webhook message was just stored (background work steps back while they pour in). */
  noteIntake(): void {
    this.local.noteIntake();
  }

  /** Processes the message on this instance, after earlier messages of its conversation. */
  runHere(
    id: number,
    conversationKey: string,
    context: ProcessContext = {},
  ): Promise<ProcessOutcome> {
    const known = this.running.get(id);
    if (known) {
      return known;
    }
    const work = this.runUntilUnblocked(id, conversationKey, context);
    this.running.set(id, work);
    const forget = (): void => void this.running.delete(id);
    work.then(forget, forget);
    return work;
  }

  /** Hands the message to whichever worker is free, after `delayMs`. */
  dispatch(id: number, conversationKey: string, delayMs = 0): void {
    if (!this.draining) {
      this.scheduler.schedule(id, conversationKey, delayMs);
    }
  }

  onApplicationBootstrap(): void {
    this.recoveryTimer = setInterval(
      () => void this.recover(),
      this.config.pipeline.recoveryIntervalMs,
    );
    this.recoveryTimer.unref();
    setTimeout(() => void this.recover(), 0).unref();
  }

  /** Finds rows nobody is working on whose time has come (messages, then sends), and hands them out. */
  async recover(): Promise<number> {
    if (this.isSweeping || this.draining) {
      return 0;
    }
    this.isSweeping = true;
    try {
      const due = await this.messages.leases.findDue(new Date(), RECOVERY_BATCH);
      const fresh = due.filter(
        (row) =>
          !this.running.has(row.id) &&
          !this.local.has(row.id) &&
          !this.waitingForAgents.has(row.id),
      );
      for (const row of fresh) {
        this.dispatch(row.id, conversationKeyOf(row.platform, row.conversationId ?? ''));
      }
      if (fresh.length > 0) {
        this.logger.log({ count: fresh.length }, 'recovered messages');
      }
      await this.outbound.resumeDue();
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
    const deadline = Date.now() + this.config.pipeline.shutdownTimeoutMs;
    // Their pick-up times in the database bring waiting messages back, here or elsewhere.
    this.waitingForAgents.stop();
    await this.scheduler.stop(this.config.pipeline.shutdownTimeoutMs);
    while (this.running.size > 0 && Date.now() < deadline) {
      await settlesWithin(Promise.allSettled([...this.running.values()]), deadline - Date.now());
    }
    try {
      const handedBack = await this.processor.leases.releaseAll([
        ...this.running.keys(),
        ...this.scheduler.waitingIds(),
      ]);
      this.logger.log({ handedBack }, 'pipeline stopped');
    } catch (error) {
      this.logger.error(loggableError(error), 'could not hand messages back');
    }
    await this.outbound.stop(Math.max(0, deadline - Date.now()));
  }

  private async runScheduled(id: number, conversationKey: string | null): Promise<void> {
    if (conversationKey !== null) {
      await this.runHere(id, conversationKey);
      return;
    }
    const row = await this.messages.findById(id);
    if (row) {
      await this.runHere(id, conversationKeyOf(row.platform, row.conversationId));
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
    let attemptContext = context;
    for (;;) {
      const outcome = await this.lanes.run(conversationKey, () =>
        this.attempt(id, conversationKey, attemptContext),
      );
      if (outcome.kind !== ProcessOutcomeKind.Blocked) {
        return outcome;
      }
      // Time passes before the next try: it reads the message's row again.
      attemptContext = { ...context, message: undefined };
      if (!context.isAnswerAwaited || Date.now() >= giveUpAt) {
        this.dispatch(id, conversationKey, BLOCKED_RETRY_MS);
        return outcome;
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      waitMs = Math.min(BLOCKED_MAX_WAIT_MS, waitMs * 2);
    }
  }

  // A retry goes back to the scheduler for its time; a message waiting for the agents waits in
  // `AgentWaitList` instead (its pick-up time covers a full list or a crash).
  private async attempt(
    id: number,
    conversationKey: string,
    context: ProcessContext,
  ): Promise<ProcessOutcome> {
    if (this.draining) {
      return { kind: ProcessOutcomeKind.Busy };
    }
    const outcome = await this.processor.process(id, context);
    if (outcome.kind === ProcessOutcomeKind.Processed && outcome.retryAt) {
      const isParked =
        outcome.result.status === MessageStatus.Waiting &&
        this.waitingForAgents.park(id, conversationKey);
      if (!isParked) {
        this.dispatch(id, conversationKey, outcome.retryAt.getTime() - Date.now());
      }
    }
    return outcome;
  }
}
