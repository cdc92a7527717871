// Editor benchmark: open a 500-node / 600-edge workflow in Chromium, and apply a remote batch of 100
// node moves, comparing Synapse's local-first paths with the alternatives in the same run.
// Run: node --import tsx bench/editor/bench.ts   (needs `npm run build -w @synapse/web` first)
// Optional: BENCH_RUNS (default 7), BENCH_MOVES (default 15), BENCH_WEB_DIST, CHROMIUM_PATH.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readWorkflow, workflowDocName } from '@synapse/schema';
import { startStack } from '@synapse/testkit';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildGraph, moveBatch } from './buildGraph';
import { buildPlainPage } from './buildPlainPage';
import { type PaintMarks, paintProbe } from './pageProbes';
import { connectRemote } from './remoteClient';
import { formatTable, median, summarize } from './summarize';

const RUNS = positiveInt(process.env.BENCH_RUNS, 7);
const MOVES = positiveInt(process.env.BENCH_MOVES, 15);
const MOVED_NODES = 100;
const TARGET_MS = 1000;
const WEB_DIST =
  process.env.BENCH_WEB_DIST ?? fileURLToPath(new URL('../../apps/web/dist/', import.meta.url));
const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));
const PLAIN_ORIGIN = 'http://plain.bench.local';

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

type OpenKey = 'offline' | 'warm' | 'cold' | 'plain';
const OPEN_LABELS: Record<OpenKey, string> = {
  offline: 'Synapse, IndexedDB, network off (service worker)',
  warm: 'Synapse, IndexedDB, network on',
  cold: 'Synapse, first open: from the server',
  plain: 'Baseline: React Flow, plain JSON, no Yjs',
};

async function measureOpen(page: Page, url: string, nodes: number): Promise<PaintMarks & { sw: boolean }> {
  const response = await page.goto(url);
  await page.waitForFunction(() => window.__benchMarks?.painted !== undefined, undefined, {
    timeout: 60_000,
  });
  const marks = await page.evaluate(() => window.__benchMarks);
  if ((await page.locator('.react-flow__node').count()) < nodes) throw new Error('nodes missing');
  return { ...marks, sw: response?.fromServiceWorker() ?? false };
}

async function newProbedContext(browser: Awaited<ReturnType<typeof chromium.launch>>, nodes: number) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(paintProbe(nodes));
  return context;
}

async function main(): Promise<void> {
  if (!existsSync(join(WEB_DIST, 'sw.js')))
    throw new Error(`${WEB_DIST} has no build: run npm run build -w @synapse/web`);
  await mkdir(RESULTS, { recursive: true });
  const load = [loadavg()[0] ?? 0];
  const graph = buildGraph();
  const plain = readWorkflow(graph.doc);
  const nodes = graph.nodeIds.length;
  console.log(
    `graph: ${nodes} nodes, ${graph.edgeCount} edges; ${RUNS} runs per variant, ${MOVES} move batches`,
  );

  const plainDir = join(tmpdir(), `synapse-bench-plain-${process.pid}`);
  await buildPlainPage(plainDir);
  const stack = await startStack({ webDist: WEB_DIST });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
    ],
  });
  const contexts: BrowserContext[] = [];
  try {
    const workflowId = 'bench500';
    const name = workflowDocName('default', workflowId);
    const remote = await connectRemote(stack, name, graph.doc);
    const url = `${stack.url}/w/default/${workflowId}`;

    // The warm context has opened the workflow once: IndexedDB holds it, the service worker the app.
    const warm = await newProbedContext(browser, nodes);
    contexts.push(warm);
    const warmPage = await warm.newPage();
    await measureOpen(warmPage, url, nodes);
    await warmPage.evaluate(() => navigator.serviceWorker.ready);
    await warmPage.waitForFunction(
      () => document.querySelector('[data-testid="sync-status"]')?.textContent === 'Saved',
    );

    const plainContext = await newProbedContext(browser, nodes);
    contexts.push(plainContext);
    await plainContext.addInitScript(
      (g) => {
        window.__benchGraph = g;
      },
      {
        nodes: plain.nodes.map((n) => ({ id: n.id, position: n.position, label: n.data.label })),
        edges: plain.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
      },
    );
    await plainContext.route(`${PLAIN_ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      return route.fulfill({ path: join(plainDir, path === '/' ? 'index.html' : path) });
    });
    const plainPage = await plainContext.newPage();

    const open: Record<OpenKey, PaintMarks[]> = { offline: [], warm: [], cold: [], plain: [] };
    let servedBySw = 0;
    // Interleaved rounds, so the machine's noise spreads over every variant alike.
    for (let round = 0; round < RUNS; round++) {
      open.plain.push(await measureOpen(plainPage, `${PLAIN_ORIGIN}/`, nodes));

      const cold = await newProbedContext(browser, nodes);
      const coldPage = await cold.newPage();
      open.cold.push(await measureOpen(coldPage, url, nodes));
      await cold.close();

      await warm.setOffline(false);
      open.warm.push(await measureOpen(warmPage, url, nodes));
      await warm.setOffline(true);
      const offline = await measureOpen(warmPage, url, nodes);
      if (offline.sw) servedBySw += 1;
      open.offline.push(offline);
      await warm.setOffline(false);
      process.stdout.write('.');
    }
    process.stdout.write('\n');
    if (servedBySw !== RUNS)
      throw new Error(`only ${servedBySw}/${RUNS} offline opens came from the service worker`);

    // Remote moves: another client moves 100 nodes in one transaction; time until all 100 DOM nodes
    // sit at their new transforms (wall clock, Node → server → browser → React Flow → paint).
    await measureOpen(warmPage, url, nodes);
    await warmPage.waitForFunction(
      () => document.querySelector('[data-testid="sync-status"]')?.textContent === 'Saved',
    );
    const moved = graph.nodeIds.slice(0, MOVED_NODES);
    const synapseMoves: number[] = [];
    const plainMoves: number[] = [];
    for (let i = 0; i < MOVES; i++) {
      const dx = i % 2 === 0 ? 40 : -40;
      const targets: Record<string, { x: number; y: number }> = {};
      for (const id of moved) {
        const node = plain.nodes.find((n) => n.id === id);
        if (node) targets[id] = { x: node.position.x + (i % 2 === 0 ? 40 : 0), y: node.position.y };
      }
      await warmPage.evaluate((t) => {
        (window as unknown as { __done: Promise<number> }).__done = window.__benchAwaitMoves(t);
      }, targets);
      const start = performance.timeOrigin + performance.now();
      moveBatch(graph.doc, moved, dx);
      const end = await warmPage.evaluate(() => (window as unknown as { __done: Promise<number> }).__done);
      synapseMoves.push(end - start);
      await remote.saved();

      const took = await plainPage.evaluate(async (t) => {
        const done = window.__benchAwaitMoves(t);
        const begin = performance.timeOrigin + performance.now();
        window.__benchMove(t);
        return (await done) - begin;
      }, targets);
      plainMoves.push(took);
    }
    remote.close();
    load.push(loadavg()[0] ?? 0);

    const openRows = (Object.keys(open) as OpenKey[]).map((key) => summarize(OPEN_LABELS[key], open[key]));
    const moveRows = [
      { label: 'Synapse: remote Yjs update via the server', ...stats(synapseMoves) },
      { label: 'Baseline: React Flow setNodes in the page', ...stats(plainMoves) },
    ];
    console.log(
      `\nOpen a ${nodes}-node / ${graph.edgeCount}-edge workflow (ms from navigation start, median of ${RUNS})\n`,
    );
    console.log(
      formatTable(
        ['variant', 'app ran', 'replica', 'in DOM', 'visible', 'painted', 'painted min–max', 'vs plain'],
        openRows.map((r) => [
          r.label,
          r.dcl,
          r.replica,
          r.dom,
          r.visible,
          r.painted,
          r.range,
          (
            r.paintedMedian / (openRows.find((p) => p.label === OPEN_LABELS.plain)?.paintedMedian ?? 1)
          ).toFixed(2),
        ]),
      ),
    );
    const offlineMedian = openRows[0]?.paintedMedian ?? Number.NaN;
    console.log(
      `\nTarget: first paint offline < ${TARGET_MS} ms → ${offlineMedian < TARGET_MS ? 'met' : 'MISSED'} (${offlineMedian.toFixed(0)} ms)`,
    );
    console.log(
      `\nApply a batch of ${MOVED_NODES} node moves (ms until all ${MOVED_NODES} DOM nodes moved and painted, ${MOVES} batches)\n`,
    );
    console.log(
      formatTable(
        ['variant', 'p50', 'p90', 'max'],
        moveRows.map((r) => [r.label, r.p50.toFixed(1), r.p90.toFixed(1), r.max.toFixed(1)]),
      ),
    );
    console.log(`\nload average ${load.map((l) => l.toFixed(2)).join(' → ')}, ${cpus().length} CPUs`);

    // One file per run (date and UTC time): runs on a shared machine differ, keep them all.
    const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
    const out = join(RESULTS, `editor-${stamp}.json`);
    await writeFile(
      out,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavg: load },
          graph: { nodes, edges: graph.edgeCount },
          runs: RUNS,
          open: Object.fromEntries(
            (Object.keys(open) as OpenKey[]).map((k) => [k, { label: OPEN_LABELS[k], runs: open[k] }]),
          ),
          moves: { nodes: MOVED_NODES, synapseMs: synapseMoves, plainMs: plainMoves },
          summary: { open: openRows, moves: moveRows, targetMs: TARGET_MS },
        },
        null,
        2,
      )}\n`,
    );
    console.log(`results: ${out}`);
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close();
    await stack.stop();
  }
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: median(sorted),
    p90: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
