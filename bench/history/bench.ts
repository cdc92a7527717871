// History benchmark: 10,000 runs (40,000 node checkpoints) in the database, then the history API's keyset
// pages against LIMIT/OFFSET pages, the analytics aggregation in SQL against loading rows and adding up in
// JavaScript, and the History page in Chromium (navigation → first rows rendered).
// Run: node --import tsx bench/history/bench.ts   (add BENCH_DATABASE_URL=postgres://… for Postgres too)
// Options: BENCH_REPS (SQL reps, default 200), BENCH_PAGE_LOADS (default 8), BENCH_WEB_DIST (built web app).
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRunHistoryRepo, type RunHistoryFilter } from '@synapse/db';
import { startStack } from '@synapse/testkit';
import { cursorAt, naiveAnalytics, offsetPage, type PageFilter } from './naiveHistory';
import { measurePageLoad, type PageLoadResult } from './pageLoad';
import { SHAPE, seedHistory } from './seedHistory';
import { fmt, formatTable, measure, measurePair, type Timing, timing } from './stats';

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};
const SQL_REPS = positive(process.env.BENCH_REPS, 200);
const HTTP_REPS = Math.max(50, Math.round(SQL_REPS / 2));
const ANALYTICS_REPS = Math.max(10, Math.round(SQL_REPS / 8));
const PAGE_LOADS = positive(process.env.BENCH_PAGE_LOADS, 8);
const WEB_DIST =
  process.env.BENCH_WEB_DIST ?? fileURLToPath(new URL('../../apps/web/dist/', import.meta.url));
const DAY = 86_400_000;
const log = (line: string) => console.log(line);

interface Scenario {
  name: string;
  filter: PageFilter;
  /** Rows skipped before the page: 0 is the first page. */
  offset: number;
}

const scenarios = (now: number, workflowId: string): Scenario[] => {
  const ws = SHAPE.workspaceId;
  return [
    { name: 'first page', filter: { workspaceId: ws }, offset: 0 },
    { name: 'page 101 (rows 5,001–5,050)', filter: { workspaceId: ws }, offset: 5_000 },
    { name: 'last page (rows 9,951–10,000)', filter: { workspaceId: ws }, offset: 9_950 },
    { name: 'status=failed, first page', filter: { workspaceId: ws, status: 'failed' }, offset: 0 },
    {
      name: 'status=failed, page 16 (rows 751–800)',
      filter: { workspaceId: ws, status: 'failed' },
      offset: 750,
    },
    {
      name: 'one workflow, last 30 days, first page',
      filter: { workspaceId: ws, workflowId, from: now - 30 * DAY },
      offset: 0,
    },
    {
      name: 'one workflow, last 30 days, page 3',
      filter: { workspaceId: ws, workflowId, from: now - 30 * DAY },
      offset: 100,
    },
  ];
};

interface PaginationRow {
  scenario: string;
  keyset: Timing;
  offset: Timing;
  http: Timing;
  ratio: number;
}

interface AnalyticsRow {
  range: string;
  sql: Timing;
  naive: Timing;
  http: Timing;
  ratio: number;
}

interface DatabaseResult {
  database: string;
  seed: { runs: number; otherRuns: number; checkpoints: number; ms: number };
  pagination: PaginationRow[];
  analytics: AnalyticsRow[];
  pageLoad: PageLoadResult | null;
}

async function runOn(database: 'pglite' | 'postgres', postgresUrl?: string): Promise<DatabaseResult> {
  const stack = await startStack({ postgresUrl, webDist: WEB_DIST });
  try {
    const sql = stack.server.database.sql;
    const now = Date.now();
    const seeded = await seedHistory(sql, SHAPE, now);
    log(
      `\n${database}: seeded ${SHAPE.runs + SHAPE.otherRuns} runs and ${seeded.checkpoints} checkpoints in ${fmt(seeded.ms / 1000, 1)} s`,
    );
    const repo = createRunHistoryRepo(sql);
    const get = async (path: string) => {
      // A keep-alive socket the server closed while the SQL-level pair ran is reset on reuse: retry once.
      const res = await fetch(`${stack.url}${path}`).catch(() => fetch(`${stack.url}${path}`));
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return res.json();
    };

    // The workflow with the most runs in the last 30 days, so its third page exists.
    const [busiest] = await sql.query<{ id: string }>(
      `select workflow_id as id from runs where workspace_id = $1 and created_at_ms >= $2
       group by 1 order by count(*) desc limit 1`,
      [SHAPE.workspaceId, now - 30 * DAY],
    );
    const pagination: PaginationRow[] = [];
    for (const s of scenarios(now, busiest?.id ?? 'wf-0')) {
      const before = s.offset === 0 ? undefined : await cursorAt(sql, s.filter, s.offset);
      const keysetFilter: RunHistoryFilter = { ...s.filter, limit: 50, before };
      // Same rows either way (checked once, outside the timings).
      const [k, o] = [await repo.list(keysetFilter), await offsetPage(sql, s.filter, s.offset)];
      if (
        JSON.stringify(k.runs.map((r) => r.id)) !== JSON.stringify((o as { id: string }[]).map((r) => r.id))
      )
        throw new Error(`${s.name}: keyset and OFFSET pages differ`);
      const [keyset, offset] = await measurePair(
        () => repo.list(keysetFilter),
        () => offsetPage(sql, s.filter, s.offset),
        SQL_REPS,
      );
      const query = new URLSearchParams({ limit: '50' });
      if (s.filter.status) query.set('status', s.filter.status);
      if (s.filter.workflowId) query.set('workflowId', s.filter.workflowId);
      if (s.filter.from !== undefined) query.set('from', String(s.filter.from));
      if (before) query.set('before', `${before.createdAt}:${before.id}`);
      const http = await measure(() => get(`/api/workspaces/${SHAPE.workspaceId}/runs?${query}`), HTTP_REPS);
      const row = {
        scenario: s.name,
        keyset: timing(keyset),
        offset: timing(offset),
        http: timing(http),
        ratio: 0,
      };
      row.ratio = row.offset.p95 / row.keyset.p95;
      pagination.push(row);
      log(`  ${s.name}: keyset p95 ${fmt(row.keyset.p95)} ms, OFFSET p95 ${fmt(row.offset.p95)} ms`);
    }

    const analytics: AnalyticsRow[] = [];
    for (const days of [30, 90]) {
      const to = Math.floor(now / DAY) * DAY + DAY;
      const from = to - days * DAY;
      const q = { workspaceId: SHAPE.workspaceId, from, to };
      const [inSql, naive] = await measurePair(
        () => Promise.all([repo.byWorkflow(q), repo.byModel(q)]),
        () => naiveAnalytics(sql, SHAPE.workspaceId, from, to),
        ANALYTICS_REPS,
        2,
      );
      const http = await measure(
        () => get(`/api/workspaces/${SHAPE.workspaceId}/analytics?from=${from}&to=${to}`),
        ANALYTICS_REPS,
        2,
      );
      const row = {
        range: `${days} days`,
        sql: timing(inSql),
        naive: timing(naive),
        http: timing(http),
        ratio: 0,
      };
      row.ratio = row.naive.p95 / row.sql.p95;
      analytics.push(row);
      log(`  analytics ${days} days: SQL p95 ${fmt(row.sql.p95)} ms, naive p95 ${fmt(row.naive.p95)} ms`);
    }

    const pageLoad = await measurePageLoad(stack.url, PAGE_LOADS);
    log(
      `  History page: first rows after ${fmt(pageLoad.cold.p50)} ms cold, ${fmt(pageLoad.warm.p50)} ms warm (p50)`,
    );
    return {
      database,
      seed: {
        runs: SHAPE.runs,
        otherRuns: SHAPE.otherRuns,
        checkpoints: seeded.checkpoints,
        ms: Math.round(seeded.ms),
      },
      pagination,
      analytics,
      pageLoad,
    };
  } finally {
    await stack.stop();
  }
}

function printTables(result: DatabaseResult): void {
  log(`\n## ${result.database}: history pages (50 rows), ms — keyset (the API) vs LIMIT/OFFSET, same rows`);
  log(
    formatTable(
      [
        'scenario',
        'keyset p50',
        'keyset p95',
        'OFFSET p50',
        'OFFSET p95',
        'OFFSET/keyset p95',
        'API p50',
        'API p95',
      ],
      result.pagination.map((r) => [
        r.scenario,
        fmt(r.keyset.p50),
        fmt(r.keyset.p95),
        fmt(r.offset.p50),
        fmt(r.offset.p95),
        `${fmt(r.ratio, 1)}×`,
        fmt(r.http.p50),
        fmt(r.http.p95),
      ]),
    ),
  );
  log(
    `\n## ${result.database}: analytics (per workflow and per model, by day), ms — SQL aggregation vs rows + JS`,
  );
  log(
    formatTable(
      ['range', 'SQL p50', 'SQL p95', 'rows+JS p50', 'rows+JS p95', 'ratio p95', 'API p50', 'API p95'],
      result.analytics.map((r) => [
        r.range,
        fmt(r.sql.p50),
        fmt(r.sql.p95),
        fmt(r.naive.p50),
        fmt(r.naive.p95),
        `${fmt(r.ratio, 1)}×`,
        fmt(r.http.p50),
        fmt(r.http.p95),
      ]),
    ),
  );
  if (result.pageLoad) {
    const p = result.pageLoad;
    log(`\n## ${result.database}: History page in Chromium, navigation → first ${p.rows} rows rendered, ms`);
    log(
      formatTable(
        ['load', 'n', 'p50', 'p95', 'max'],
        [
          ['cold (new context)', String(p.cold.n), fmt(p.cold.p50), fmt(p.cold.p95), fmt(p.cold.max)],
          ['warm (reload)', String(p.warm.n), fmt(p.warm.p50), fmt(p.warm.p95), fmt(p.warm.max)],
        ],
      ),
    );
  }
}

const load = [loadavg()[0] ?? 0];
const results: DatabaseResult[] = [await runOn('pglite')];
if (process.env.BENCH_DATABASE_URL) results.push(await runOn('postgres', process.env.BENCH_DATABASE_URL));
load.push(loadavg()[0] ?? 0);
for (const r of results) printTables(r);
log(`\nload average ${fmt(load[0] as number)} → ${fmt(load[1] as number)} on ${cpus().length} CPUs`);

const date = new Date().toISOString().slice(0, 10);
const out = fileURLToPath(new URL(`../results/history-${date}.json`, import.meta.url));
await mkdir(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
await writeFile(
  out,
  `${JSON.stringify({ date, reps: { sql: SQL_REPS, http: HTTP_REPS, analytics: ANALYTICS_REPS, pageLoads: PAGE_LOADS }, loadAverage: load, shape: SHAPE, results }, null, 2)}\n`,
);
log(`results written to ${out}`);
