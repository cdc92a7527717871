import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { runScenario } from '../sync/runScenario';
import { type SideKey, startSide } from '../sync/startSide';
import { distribution } from '../sync/summarize';

const key = (process.env.SIDE ?? 'S') as SideKey;
const nodes = Number(process.env.NODES ?? 2000);
const url = process.env.BENCH_DATABASE_URL;
const session = new Session();
session.connect();
await session.post('Profiler.enable');
const side = await startSide(key, url ? 'postgres' : 'pglite', url);
const r = await runScenario(side, {
  docName: 'ws/default/workflow/diag',
  nodeCount: nodes,
  withPrompts: true,
  readers: 50,
  warmupEdits: 50,
  edits: Number(process.env.EDITS ?? 100),
  paceMs: 10,
  collectGarbage: () => undefined,
  async onMeasuredPhase(phase) {
    if (phase === 'start') await session.post('Profiler.start');
    else {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`/tmp/diag-${key}-${nodes}.cpuprofile`, JSON.stringify(profile));
    }
  },
});
console.log(
  key,
  nodes,
  'prop',
  distribution(r.propagation),
  'ack',
  distribution(r.ack),
  'loop',
  r.eventLoopDelayMs,
  'writes',
  distribution(r.writeMs),
  r.window,
  r.timingsMs,
);
await side.stop();
