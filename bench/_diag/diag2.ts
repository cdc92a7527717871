// Which statements block the loop: patch PGlite.prototype.execProtocol to time every call, log GCs.
import { PerformanceObserver } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { runScenario } from '../sync/runScenario';
import { distribution } from '../sync/summarize';
import { startSide } from '../sync/startSide';

let measuring = false;
const slow: string[] = [];
const stmts = new Map<string, { n: number; ms: number; max: number }>();
const proto = PGlite.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
for (const name of ['execProtocolRawSync']) {
  const orig = proto[name]!;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    const r = orig.apply(this, args);
    const d = performance.now() - t;
    if (measuring) {
      const msg = Buffer.from(args[0] as Uint8Array);
      const text = msg.subarray(0, 120).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
      const key = text.slice(0, 60);
      const s = stmts.get(key) ?? { n: 0, ms: 0, max: 0 };
      s.n++; s.ms += d; s.max = Math.max(s.max, d); stmts.set(key, s);
      if (d > 15) slow.push(`${d.toFixed(1)}ms ${text}`);
    }
    return r;
  };
}
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (measuring && e.duration > 10) slow.push(`GC ${e.duration.toFixed(1)}ms kind ${(e as unknown as { detail: { kind: number } }).detail?.kind}`);
}).observe({ entryTypes: ['gc'] });

const side = await startSide('S', 'pglite');
const r = await runScenario(side, {
  docName: 'ws/default/workflow/diag', nodeCount: Number(process.env.NODES ?? 10), withPrompts: true, readers: 50,
  warmupEdits: 50, edits: 300, paceMs: 10, collectGarbage: () => undefined,
  onMeasuredPhase(p) { measuring = p === 'start'; },
});
console.log('prop', distribution(r.propagation), 'loop', r.eventLoopDelayMs, 'writes', distribution(r.writeMs));
console.log(slow.join('\n'));
for (const [k, v] of [...stmts].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log(v.n, v.ms.toFixed(1), v.max.toFixed(1), k);
await side.stop();
