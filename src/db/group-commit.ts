/**
 * Group commit: many small writes of the same kind, arriving at once, written by ONE statement or transaction,
 * each caller answered only after that commit (so an acknowledgement still means "stored").
 *
 * Used on the contest's hot paths (answer saves: contests/save-batch.ts; round starts: contests/start-batch.ts).
 *
 *  - When: a flush starts as soon as the queue is non-empty and no flush of this queue is running (deferred by one
 *    turn of the event loop, so the requests read from the sockets at the same time share it). No fixed sleep: at
 *    low load a batch is one item and the latency is one write; under load the batch grows by itself.
 *  - At most `max` items per batch, and at most one item per `key` (two items with the same key: the later one
 *    waits for the next batch, arrival order kept).
 *  - A failed batch never fails valid items: its items are then written one by one (`writeOne`), each answered with
 *    its own result or error.
 */
export interface GroupCommitStats {
  batches: number;
  items: number;
  largest: number;
  fallbacks: number;
}

export interface GroupCommitOptions<In, Out> {
  /** Most items in one batch. */
  max: number;
  /** Items with the same key never share a batch. */
  key: (item: In) => number | string;
  /** Writes the batch at once; returns each item's result, in the batch's order. Throws if the batch failed as a whole. */
  writeBatch: (items: In[]) => Promise<Out[]>;
  /** Writes one item on its own (after a failed batch). */
  writeOne: (item: In) => Promise<Out>;
}

interface Job<In, Out> {
  item: In;
  resolve(out: Out): void;
  reject(err: unknown): void;
}

export class GroupCommit<In, Out> {
  private queue: Array<Job<In, Out>> = [];
  private running = false;
  private scheduled = false;
  readonly stats: GroupCommitStats = { batches: 0, items: 0, largest: 0, fallbacks: 0 };

  constructor(private readonly opts: GroupCommitOptions<In, Out>) {}

  /** Queues the item; resolves with its result once its batch is committed. */
  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) await this.flush(this.take());
    } finally {
      this.running = false;
    }
    if (this.queue.length > 0) this.schedule();
  }

  /** The next batch: queued items in arrival order, at most one per key, at most `max`. */
  private take(): Array<Job<In, Out>> {
    const batch: Array<Job<In, Out>> = [];
    const keys = new Set<number | string>();
    const rest: Array<Job<In, Out>> = [];
    for (const job of this.queue) {
      const key = this.opts.key(job.item);
      if (batch.length < this.opts.max && !keys.has(key)) {
        keys.add(key);
        batch.push(job);
      } else rest.push(job);
    }
    this.queue = rest;
    return batch;
  }

  private async flush(batch: Array<Job<In, Out>>): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    if (batch.length > this.stats.largest) this.stats.largest = batch.length;
    let results: Out[];
    try {
      results = await this.opts.writeBatch(batch.map((j) => j.item));
    } catch {
      // The batch as a whole failed (a unique violation, a deadlock with another instance's batch, a lost
      // connection…): each item again on its own, so that one bad item or a transient error fails at most that one.
      this.stats.fallbacks++;
      await Promise.all(
        batch.map(async (job) => {
          try {
            job.resolve(await this.opts.writeOne(job.item));
          } catch (err) {
            job.reject(err);
          }
        }),
      );
      return;
    }
    batch.forEach((job, i) => job.resolve(results[i]));
  }
}
