import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full collection between measurements, so one side's garbage is not collected in the next. */
export function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return () => gc?.();
}

export interface Side<K extends string = string> {
  key: K;
  /**
   * One repetition; resolves with its own measured wall time in ms, or with its own CPU time too when
   * it does untimed set-up (a fresh run document) that should not count as the side's CPU.
   */
  run(): Promise<number | { ms: number; cpuMs: number }>;
  /** Overrides of the common counts, for a side too slow to repeat as often. */
  warmup?: number;
  reps?: number;
}

export interface Times {
  /** Wall time of each measured repetition, ms. */
  wall: number[];
  /**
   * Process CPU time (user + system, every thread) during each, ms: on a machine shared with other work
   * the wall time stretches while the CPU time mostly does not.
   */
  cpu: number[];
}

/**
 * Warm-up repetitions, then measured ones; each round runs every side once, the order rotated so drift
 * on a shared machine does not favour one side. Returns every measured time per side.
 */
export async function interleave<K extends string>(
  sides: Side<K>[],
  options: { warmup: number; reps: number; collectGarbage: () => void },
): Promise<Map<K, Times>> {
  const times = new Map<K, Times>(sides.map((s) => [s.key, { wall: [], cpu: [] }]));
  const plan = (side: Side<K>) => ({
    warmup: side.warmup ?? options.warmup,
    reps: side.reps ?? options.reps,
  });
  const rounds = Math.max(...sides.map((s) => plan(s).warmup + plan(s).reps));
  for (let round = 0; round < rounds; round++) {
    const order = sides.map((_, i) => sides[(i + round) % sides.length] as Side<K>);
    for (const side of order) {
      const { warmup, reps } = plan(side);
      if (round >= warmup + reps) continue;
      options.collectGarbage();
      const cpuBefore = process.cpuUsage();
      const measured = await side.run();
      const cpu = process.cpuUsage(cpuBefore);
      if (round >= warmup) {
        const own = typeof measured === 'number' ? null : measured;
        times.get(side.key)?.wall.push(own ? own.ms : (measured as number));
        times.get(side.key)?.cpu.push(own ? own.cpuMs : (cpu.user + cpu.system) / 1000);
      }
    }
  }
  return times;
}
