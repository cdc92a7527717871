export interface PendingUpdate {
  docName: string;
  update: Uint8Array;
}

export interface GroupCommit {
  /** Resolves with the update's log sequence number once it is committed. */
  append(docName: string, update: Uint8Array): Promise<number>;
  /** Resolves when everything appended so far is committed (or failed). */
  drained(): Promise<void>;
}

interface Waiter extends PendingUpdate {
  resolve(seq: number): void;
  reject(error: unknown): void;
}

/**
 * Group commit: every update that arrives in the same event-loop turn, from any connection and any
 * document, is written with one INSERT. While a batch is in flight the next one accumulates, so the
 * write rate adapts to the database's latency instead of queueing one round trip per update.
 */
export function createGroupCommit(write: (rows: PendingUpdate[]) => Promise<number[]>): GroupCommit {
  let queue: Waiter[] = [];
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    // Let the rest of this turn's messages join the batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const seqs = await write(batch.map(({ docName, update }) => ({ docName, update })));
        batch.forEach((w, i) => {
          w.resolve(seqs[i] as number);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    running = null;
  }

  return {
    append(docName, update) {
      const done = new Promise<number>((resolve, reject) => {
        queue.push({ docName, update, resolve, reject });
      });
      running ??= drain();
      return done;
    },
    async drained() {
      while (running) await running;
    },
  };
}
