import { Handling } from 'src/core/inbound-message';
import {
  StagePath,
  isFirstAttempt,
  isRoutedMarkDue,
  replyTextOf,
  stagePathOf,
  statusAfterFailure,
} from 'src/messages/stage-plan';
import { MessageStatus } from 'src/core/message-status';

describe('stage-plan', () => {
  describe(stagePathOf.name, () => {
    it.each([
      [Handling.RecordOnly, false, StagePath.RecordOnly],
      [Handling.RecordOnly, true, StagePath.RecordOnly],
      [Handling.BotFirst, false, StagePath.BackToBot],
      [Handling.BotFirst, true, StagePath.ToAgent],
      [Handling.Route, false, StagePath.ToAgent],
      [Handling.HumanHandover, false, StagePath.ToAgent],
    ])('should send a %s message (escalated: %s) the %s way', (handling, isEscalated, path) => {
      expect(stagePathOf(handling, isEscalated)).toBe(path);
    });
  });

  describe(isRoutedMarkDue.name, () => {
    it.each([
      [MessageStatus.Received, true],
      [MessageStatus.Analyzed, true],
      [MessageStatus.Failed, true],
      [MessageStatus.Waiting, true],
      [MessageStatus.Routed, false],
      [MessageStatus.Replied, false],
    ])('should say whether an attempt from %s still marks routed: %s', (status, isDue) => {
      expect(isRoutedMarkDue(status)).toBe(isDue);
    });
  });

  describe(replyTextOf.name, () => {
    const notice = jest.fn(() => 'We are on it.');

    beforeEach(() => notice.mockClear());

    it('should send the agent reply, without building the notice', () => {
      expect(replyTextOf('Your card is unblocked.', true, notice)).toBe('Your card is unblocked.');
      expect(notice).not.toHaveBeenCalled();
    });

    it('should send the notice for a message escalated from the bot when the agent has no reply', () => {
      expect(replyTextOf(null, true, notice)).toBe('We are on it.');
    });

    it('should send nothing for a routed message the agent did not answer', () => {
      expect(replyTextOf(null, false, notice)).toBeNull();
      expect(notice).not.toHaveBeenCalled();
    });
  });

  describe(isFirstAttempt.name, () => {
    it.each([
      [MessageStatus.Received, 0, true],
      [MessageStatus.Received, 1, false],
      [MessageStatus.Analyzed, 0, false],
      [MessageStatus.Failed, 0, false],
      [MessageStatus.Waiting, 0, false],
    ])('should treat %s after %i attempts as first: %s', (status, attempts, isFirst) => {
      expect(isFirstAttempt(status, attempts)).toBe(isFirst);
    });
  });

  describe(statusAfterFailure.name, () => {
    it.each([
      [true, 1, 3, MessageStatus.Waiting],
      [true, 3, 3, MessageStatus.Waiting],
      [false, 1, 3, MessageStatus.Failed],
      [false, 2, 3, MessageStatus.Failed],
      [false, 3, 3, MessageStatus.Dead],
      [false, 4, 3, MessageStatus.Dead],
    ])(
      'should leave a message refused by breakers=%s after attempt %i of %i as %s',
      (isRefusedByBreakers, attempt, maxAttempts, status) => {
        expect(statusAfterFailure({ isRefusedByBreakers, attempt, maxAttempts })).toBe(status);
      },
    );
  });
});
