import type { RunsRepo } from '@synapse/db';

export interface RunWatch {
  stop(): void;
}

/**
 * Aborts a run's controller when its deadline passes ('deadline') or another runner claimed it
 * ('fenced', checked every `fenceCheckMs`): a runner that lost its lease stops on its own.
 */
export function watchRun(options: {
  runs: Pick<RunsRepo, 'get'>;
  runId: string;
  token: number;
  deadlineAt: number | null;
  controller: AbortController;
  now(): number;
  fenceCheckMs?: number;
  onError(error: unknown): void;
}): RunWatch {
  const { controller } = options;
  const timers: ReturnType<typeof setTimeout>[] = [];
  if (options.deadlineAt !== null) {
    const left = Math.max(0, options.deadlineAt - options.now());
    timers.push(setTimeout(() => controller.abort('deadline'), left));
  }
  const fence = setInterval(() => {
    options.runs.get(options.runId).then(
      (run) => {
        if (run && run.fencingToken !== options.token) controller.abort('fenced');
      },
      (error: unknown) => options.onError(error),
    );
  }, options.fenceCheckMs ?? 2000);
  return {
    stop() {
      for (const t of timers) clearTimeout(t);
      clearInterval(fence);
    },
  };
}
