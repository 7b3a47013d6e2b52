/**
 * Who delivers a message's reply (and its hand-over to a human): the webhook's own answer, while
 * its caller is still waiting, or the platform's client once the caller has answered without it.
 * Exactly one of the two wins.
 */
export class AnswerWindow {
  private state: 'open' | 'answered' | 'closed';

  constructor(isReplyInAnswer: boolean) {
    this.state = isReplyInAnswer ? 'open' : 'closed';
  }

  /** Called by the processing: `true` when the caller's answer will carry the reply. */
  takeReply(): boolean {
    if (this.state !== 'open') {
      return false;
    }
    this.state = 'answered';
    return true;
  }

  /**
   * Called by the processing: `true` when the caller's answer will carry the hand-over to a
   * human (with the reply, when it carries that too); the caller then waits for the processing.
   */
  takeHandover(): boolean {
    if (this.state === 'answered') {
      return true;
    }
    return this.takeReply();
  }

  /** Called by the caller when it stops waiting: `true` unless the reply was already taken. */
  close(): boolean {
    if (this.state === 'answered') {
      return false;
    }
    this.state = 'closed';
    return true;
  }
}
