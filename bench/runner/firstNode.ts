import { readRun, runDocName, runMaps } from '@synapse/schema';
import { type BenchStack, type Client, connectClient } from './stack';
import { type Distribution, distribution, fmt, formatTable, sleep, waitUntil } from './stats';
import { startRun, writeWorkflow } from './workflow';

export interface FirstNodeResult {
  database: string;
  /** As shipped (the run queue's pg-boss `notify` on), or pg-boss's default: workers poll for jobs. */
  queue: 'notify (shipped)' | 'polling (pg-boss default)';
  runs: number;
  warmup: number;
  /** POST sent → 202 answered (run row, version, run document durable, job enqueued). */
  acceptedMs: Distribution;
  /** POST sent → an observer's copy of the run document shows the node no longer queued. */
  firstNodeMs: Distribution;
  /** The fastest run: about what is left once the job-queue poll happens to come right away. */
  firstNodeMinMs: number;
  /** The runner's own `startedAt` for the node − POST sent (Date.now, 1 ms resolution). */
  runnerStartedMs: Distribution;
  /** Runs whose observer had synced only after the node was already running (counted by startedAt). */
  lateObservers: number;
}

const NODE = 'first';
/** startRunner's pg-boss worker polls for jobs once a second (`pollingIntervalSeconds: 1`). */
const QUEUE_POLL_MS = 1000;

/**
 * ~30 runs of a one-agent workflow, one after another: POST the run as the web app does, open the run
 * document as the web app does once it has the run id, and time until the node leaves `queued`. The
 * runner writes `running` before it calls the model, so the model's speed is not in the figure.
 */
export async function runFirstNode(
  stack: BenchStack,
  options: { runs: number; warmup: number; queue: FirstNodeResult['queue'] },
): Promise<FirstNodeResult> {
  const workflowId = options.queue === 'notify (shipped)' ? 'bench-first-node' : 'bench-first-node-polling';
  await writeWorkflow(stack, workflowId, { nodes: { [NODE]: { maxTokens: 1 } }, edges: [] });
  const accepted: number[] = [];
  const firstNode: number[] = [];
  const runnerStarted: number[] = [];
  let lateObservers = 0;
  for (let i = 0; i < options.warmup + options.runs; i++) {
    // Each run ends just after the poll that picked it up, so back-to-back requests would all land at
    // the same point of the poll cycle. Requests are spread evenly over one cycle instead, as people
    // clicking Run at random moments would be.
    const measured = i - options.warmup;
    await sleep(50 + (measured < 0 ? 0 : (measured * QUEUE_POLL_MS) / options.runs));
    const sentAt = performance.now();
    const sentAtDate = Date.now();
    const runId = await startRun(stack, workflowId);
    const acceptedAt = performance.now();
    let seenAt: number | null = null;
    let client: Client | null = null;
    const status = (c: Client) => runMaps(c.doc).nodes.get(NODE)?.get('status');
    try {
      client = await connectClient(stack, runDocName(stack.workspaceId, runId));
      const watching = client;
      const late = status(watching) !== undefined && status(watching) !== 'queued';
      const onUpdate = () => {
        if (seenAt === null && status(watching) !== 'queued') seenAt = performance.now();
      };
      if (!late) {
        watching.doc.on('update', onUpdate);
        await waitUntil(() => seenAt !== null, 'the first node to run', 30_000);
        watching.doc.off('update', onUpdate);
      }
      await waitUntil(() => readRun(watching.doc)?.meta.status === 'succeeded', 'the run to finish', 30_000);
      const startedAt = readRun(watching.doc)?.nodes[NODE]?.startedAt ?? Number.NaN;
      if (i < options.warmup) continue;
      accepted.push(acceptedAt - sentAt);
      runnerStarted.push(startedAt - sentAtDate);
      if (late) {
        lateObservers += 1;
        firstNode.push(startedAt - sentAtDate);
      } else firstNode.push((seenAt as unknown as number) - sentAt);
    } finally {
      client?.destroy();
    }
  }
  return {
    database: stack.database,
    queue: options.queue,
    runs: options.runs,
    warmup: options.warmup,
    acceptedMs: distribution(accepted),
    firstNodeMs: distribution(firstNode),
    firstNodeMinMs: Math.min(...firstNode),
    runnerStartedMs: distribution(runnerStarted),
    lateObservers,
  };
}

export function formatFirstNode(results: FirstNodeResult[]): string {
  return formatTable(
    [
      'database',
      'job queue',
      'runs',
      'accepted p50',
      'p99',
      'first node running p50',
      'p99',
      'min',
      'max',
      'runner startedAt p50',
      'p99',
      'late observers',
    ],
    results.map((r) => [
      r.database,
      r.queue,
      String(r.runs),
      fmt(r.acceptedMs.p50, 1),
      fmt(r.acceptedMs.p99, 1),
      fmt(r.firstNodeMs.p50, 1),
      fmt(r.firstNodeMs.p99, 1),
      fmt(r.firstNodeMinMs, 1),
      fmt(r.firstNodeMs.max, 1),
      fmt(r.runnerStartedMs.p50, 1),
      fmt(r.runnerStartedMs.p99, 1),
      String(r.lateObservers),
    ]),
  );
}
