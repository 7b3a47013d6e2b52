type Task = () => Promise<void>;

/**
 * Runs work one at a time per conversation, in the order it was handed in, with at most
 * `concurrency` conversations running at once. Conversations take turns: one with a long queue
 * does not hold up the others.
 */
export class ConversationLanes {
  private readonly lanes = new Map<string, Task[]>();
  private readonly ready: string[] = [];
  private running = 0;

  constructor(private readonly concurrency: number) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const task: Task = () => work().then(resolve, reject);
      const lane = this.lanes.get(key);
      if (lane) {
        lane.push(task);
        return;
      }
      this.lanes.set(key, [task]);
      this.ready.push(key);
      this.pump();
    });
  }

  /** Work handed in and not finished yet. */
  get size(): number {
    let count = 0;
    for (const lane of this.lanes.values()) {
      count += lane.length;
    }
    return count;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.ready.length > 0) {
      const key = this.ready.shift() as string;
      const lane = this.lanes.get(key) as Task[];
      this.running += 1;
      const task = lane[0];
      void task().finally(() => {
        this.running -= 1;
        lane.shift();
        if (lane.length > 0) {
          this.ready.push(key);
        } else {
          this.lanes.delete(key);
        }
        this.pump();
      });
    }
  }
}
