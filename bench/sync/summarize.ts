import type { ScenarioResult, WriteDelta } from './runScenario';
import type { SideKey } from './startSide';

export type SizeKey = 'small' | 'large';

export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface RowSummary {
  side: SideKey;
  size: SizeKey;
  nodes: number;
  rounds: number;
  docBytes: number;
  docBytesV2: number;
  /** Pooled over every round's observations. */
  propagationMs: Distribution;
  /** p99 of each round on its own, to show the run-to-run spread. */
  propagationP99ByRound: number[];
  fanOutMs: Distribution;
  /** Edit → the writer's unsyncedChanges back to 0. */
  ackMs: Distribution;
  /** Edit → its own SyncStatus (FIFO); equals ackMs unless acks overlap. */
  ackPerEditMs: Distribution;
  /** Whether the side promises ack = durable (S); whether it keeps it is acksBeforeCommit. */
  ackPromisedDurable: boolean;
  eventLoopDelayMaxMs: number;
  /** Longest GC pause and total hypervisor steal during the measured phases. */
  noise: { gcMaxMs: number; stealMs: number | null };
  /** Longest event-loop stall while a debounced full-document write ran (max over rounds). */
  storeStallMs: { preload: number; window: number };
  missedObservations: number;
  /** S: acks that reached the writer before the edit was committed, of all measured edits. */
  acksBeforeCommit: number | null;
  /** S: edit → its log row committed. */
  commitAfterEditMs: Distribution;
  /** Log appends (S) or stores (A) in the windows, wall time. */
  writeMs: Distribution;
  /** null for B, which writes nothing. */
  bytesPerEdit: number | null;
  /** Summed over rounds. */
  window: WriteDelta;
  sessionEnd: WriteDelta;
  timingsMs: ScenarioResult['timingsMs'][];
}

/** Nearest-rank percentile. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function distribution(values: Float64Array): Distribution {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

function pooled(results: ScenarioResult[], pick: (r: ScenarioResult) => Float64Array): Distribution {
  const all = results.flatMap((r) => Array.from(pick(r)));
  return distribution(Float64Array.from(all));
}

function sumDeltas(deltas: WriteDelta[]): WriteDelta {
  const total: WriteDelta = { rows: 0, rowBytes: 0, writeCalls: 0, fullWrites: 0, fullBytes: 0 };
  for (const d of deltas) {
    for (const key of Object.keys(total) as (keyof WriteDelta)[]) total[key] += d[key];
  }
  return total;
}

export function summarize(
  side: SideKey,
  size: SizeKey,
  nodes: number,
  edits: number,
  results: ScenarioResult[],
): RowSummary {
  const window = sumDeltas(results.map((r) => r.window));
  const last = results[results.length - 1]!;
  return {
    side,
    size,
    nodes,
    rounds: results.length,
    docBytes: last.docBytes,
    docBytesV2: last.docBytesV2,
    propagationMs: pooled(results, (r) => r.propagation),
    propagationP99ByRound: results.map((r) => distribution(r.propagation).p99),
    fanOutMs: pooled(results, (r) => r.fanOut),
    ackMs: pooled(results, (r) => r.ack),
    ackPerEditMs: pooled(results, (r) => r.ackPerEdit),
    ackPromisedDurable: side === 'S',
    eventLoopDelayMaxMs: Math.max(...results.map((r) => r.eventLoopDelayMs.max)),
    noise: {
      gcMaxMs: Math.max(...results.map((r) => r.noise.gcMaxMs)),
      stealMs: results.some((r) => r.noise.stealMs === null)
        ? null
        : results.reduce((sum, r) => sum + (r.noise.stealMs ?? 0), 0),
    },
    storeStallMs: {
      preload: Math.max(...results.map((r) => r.storeStallMs.preload)),
      window: Math.max(...results.map((r) => r.storeStallMs.window)),
    },
    missedObservations: results.reduce((sum, r) => sum + r.missedObservations, 0),
    acksBeforeCommit: results.some((r) => r.acksBeforeCommit === null)
      ? null
      : results.reduce((sum, r) => sum + (r.acksBeforeCommit ?? 0), 0),
    commitAfterEditMs: pooled(results, (r) => r.commitAfterEditMs),
    writeMs: pooled(results, (r) => r.writeMs),
    bytesPerEdit: side === 'B' ? null : (window.rowBytes + window.fullBytes) / (edits * results.length),
    window,
    sessionEnd: sumDeltas(results.map((r) => r.sessionEnd)),
    timingsMs: results.map((r) => r.timingsMs),
  };
}

const ms = (v: number) => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;

export function renderTable(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

const sideCell = (row: RowSummary) => `${row.side}${row.ackPromisedDurable ? '' : '*'}`;
const docCell = (row: RowSummary) => `${row.size} (${row.nodes})`;

/** Latency: propagation to readers, the writer's acks, and how busy the process was. */
export function formatLatencyTable(rows: RowSummary[]): string {
  const header = [
    'side',
    'doc',
    'prop p50',
    'prop p99',
    'p99 per round',
    'prop max',
    'fan-out p99',
    'ack p50',
    'ack p99',
    'ack/edit p99',
    'loop stall max',
    'GC max',
  ];
  return renderTable(
    header,
    rows.map((row) => [
      sideCell(row),
      docCell(row),
      ms(row.propagationMs.p50),
      ms(row.propagationMs.p99),
      row.propagationP99ByRound.map(ms).join(' / '),
      ms(row.propagationMs.max),
      ms(row.fanOutMs.p99),
      ms(row.ackMs.p50),
      ms(row.ackMs.p99),
      ms(row.ackPerEditMs.p99),
      ms(row.eventLoopDelayMaxMs),
      ms(row.noise.gcMaxMs),
    ]),
  );
}

/** Database writes: per edit in the measured windows, and what full-document writes cost. */
export function formatWritesTable(rows: RowSummary[]): string {
  const header = [
    'side',
    'doc',
    'state V1',
    'DB B/edit',
    'writes in the windows (all rounds)',
    'write p50',
    'write p99',
    'edit→commit p50/p99',
    'acks before commit',
    'full write stall',
    'at disconnect',
  ];
  return renderTable(
    header,
    rows
      .filter((row) => row.side !== 'B')
      .map((row) => {
        const w = row.window;
        const writes =
          row.side === 'S'
            ? `${w.rows} rows in ${w.writeCalls} commits, ${w.fullWrites} compactions`
            : `${w.fullWrites} stores × ${w.fullWrites ? kb(w.fullBytes / w.fullWrites) : '–'}`;
        return [
          sideCell(row),
          docCell(row),
          kb(row.docBytes),
          (row.bytesPerEdit ?? 0).toFixed(1),
          writes,
          ms(row.writeMs.p50),
          ms(row.writeMs.p99),
          row.side === 'S' ? `${ms(row.commitAfterEditMs.p50)} / ${ms(row.commitAfterEditMs.p99)}` : '–',
          row.acksBeforeCommit === null ? '–' : `${row.acksBeforeCommit} of ${row.ackMs.count}`,
          ms(Math.max(row.storeStallMs.preload, row.storeStallMs.window)),
          `${row.sessionEnd.rowBytes + row.sessionEnd.fullBytes} B`,
        ];
      }),
  );
}
