import { ConversationRateLimiter } from 'src/replies/conversation-rate-limiter';

describe(ConversationRateLimiter.name, () => {
  let now: number;
  let sut: ConversationRateLimiter;

  function track(promise: Promise<void>): { isDone: () => boolean } {
    let isDone = false;
    void promise.then(() => {
      isDone = true;
    });
    return { isDone: () => isDone };
  }

  beforeEach(() => {
    jest.useFakeTimers();
    now = 0;
    sut = new ConversationRateLimiter(() => now);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('should let `limit` sends through at once and hold the next until the first leaves the window', async () => {
    await sut.acquire('c-1', 2, 1000);
    await sut.acquire('c-1', 2, 1000);

    const third = track(sut.acquire('c-1', 2, 1000));
    await jest.advanceTimersByTimeAsync(0);
    expect(third.isDone()).toBe(false);

    now = 1001;
    await jest.advanceTimersByTimeAsync(1001);
    expect(third.isDone()).toBe(true);
  });

  it('should count each key on its own', async () => {
    await sut.acquire('c-1', 1, 1000);

    const other = track(sut.acquire('c-2', 1, 1000));
    await jest.advanceTimersByTimeAsync(0);

    expect(other.isDone()).toBe(true);
  });

  it('should keep a key with a long window when a key with a short window is pruned', async () => {
    await sut.acquire('userlike\u0000cid-1', 1, 60_000);
    now = 2000;
    await sut.acquire('kore\u0000user-1', 1, 1000);
    now = 3500;

    sut.prune();
    const next = track(sut.acquire('userlike\u0000cid-1', 1, 60_000));
    await jest.advanceTimersByTimeAsync(0);

    expect(next.isDone()).toBe(false);
    now = 60_001;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(next.isDone()).toBe(true);
  });
});
