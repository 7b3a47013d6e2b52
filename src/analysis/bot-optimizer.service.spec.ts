import { BotOptimizerService } from 'src/analysis/bot-optimizer.service';
import type { EngagementEventRepository } from 'src/analysis/engagement-event.repository';
import { TriageClassifier } from 'src/analysis/triage-classifier.service';
import { emptyTriageRepository, tinyTriageModel } from 'test/factories/triage-model.factory';

describe(BotOptimizerService.name, () => {
  let engagements: jest.Mocked<Pick<EngagementEventRepository, 'append'>>;
  let sut: BotOptimizerService;

  beforeEach(() => {
    engagements = { append: jest.fn().mockResolvedValue(undefined) };
    const classifier = new TriageClassifier(emptyTriageRepository());
    classifier.use(tinyTriageModel(), 0);
    sut = new BotOptimizerService(engagements as unknown as EngagementEventRepository, classifier);
  });

  it('should score, decide and write the notice like seed 000', () => {
    const score = sut.score('Urgent: my order never arrived');

    expect(score).toBeGreaterThanOrEqual(7);
    expect(sut.shouldNotify(score)).toBe(true);
    expect(sut.shouldNotify(sut.score('Hello, bot!'))).toBe(false);
    expect(sut.generateMessage('user', 'en')).toBe(
      'Hi user, we noticed something important in your message. A member of our team will get back to you shortly.',
    );
  });

  it('should record an engagement through the repository', async () => {
    await sut.recordEngagement({
      userId: 'user@example.com',
      eventType: 'message',
      isClicked: true,
      platform: 'kore',
      messageId: 42,
    });

    expect(engagements.append).toHaveBeenCalledWith({
      userId: 'user@example.com',
      eventType: 'message',
      isClicked: true,
      platform: 'kore',
      messageId: 42,
    });
  });
});
