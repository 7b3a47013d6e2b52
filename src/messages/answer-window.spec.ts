import { AnswerWindow } from 'src/messages/answer-window';

describe(AnswerWindow.name, () => {
  it('should give the reply and the hand-over to the answer while its caller waits', () => {
    const sut = new AnswerWindow(true);

    expect(sut.takeReply()).toBe(true);
    expect(sut.takeHandover()).toBe(true);
    // The caller waits for the processing: its answer carries both.
    expect(sut.close()).toBe(false);
  });

  it('should give the hand-over to the answer when there is no reply, and keep the caller waiting', () => {
    const sut = new AnswerWindow(true);

    expect(sut.takeHandover()).toBe(true);
    expect(sut.close()).toBe(false);
  });

  it("should leave both to the platform's client once the caller stopped waiting", () => {
    const sut = new AnswerWindow(true);

    expect(sut.close()).toBe(true);
    expect(sut.takeReply()).toBe(false);
    expect(sut.takeHandover()).toBe(false);
  });

  it("should leave both to the platform's client when the answer never carries a reply", () => {
    const sut = new AnswerWindow(false);

    expect(sut.takeHandover()).toBe(false);
    expect(sut.takeReply()).toBe(false);
  });
});
