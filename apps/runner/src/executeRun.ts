import type { ChatModelProvider } from '@synapse/providers';
import {
  type GraphNode,
  type NodeRunStatus,
  RUNNER_ORIGIN,
  renderTemplate,
  resetNodeOutput,
  updateNodeRun,
  type WorkflowGraph,
} from '@synapse/schema';
import type { RunDocument } from './openRunDocument';

export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  error: string | null;
  outputs: Record<string, string>;
  inputTokens: number;
  outputTokens: number;
  nodesSucceeded: number;
  nodesFailed: number;
}

export interface ExecuteRunOptions {
  graph: WorkflowGraph;
  inputs: Record<string, string>;
  providers: ReadonlyMap<string, ChatModelProvider>;
  writer: RunDocument;
  signal: AbortSignal;
  /** Nodes of this run executing at once. */
  concurrency: number;
  now(): number;
}

const EXECUTABLE = new Set(['input', 'agent', 'output']);

/**
 * Ready-queue (Kahn) scheduler: a node starts as soon as all its inputs are done, independent branches
 * run concurrently up to `concurrency`, and nodes below a failure are marked skipped so nothing waits.
 */
export async function executeRun(options: ExecuteRunOptions): Promise<RunOutcome> {
  const { graph, writer, signal } = options;
  const nodes = new Map(graph.nodes.filter((n) => EXECUTABLE.has(n.type)).map((n) => [n.id, n]));
  const edges = graph.edges.filter((e) => nodes.has(e.source) && nodes.has(e.target));
  const predecessors = new Map<string, string[]>([...nodes.keys()].map((id) => [id, []]));
  const successors = new Map<string, string[]>([...nodes.keys()].map((id) => [id, []]));
  for (const e of edges) {
    predecessors.get(e.target)?.push(e.source);
    successors.get(e.source)?.push(e.target);
  }
  const waitingOn = new Map([...predecessors].map(([id, preds]) => [id, new Set(preds).size]));
  const ready = [...nodes.keys()].filter((id) => waitingOn.get(id) === 0).sort();
  const finished = new Map<string, NodeRunStatus>();
  const outcome: RunOutcome = {
    status: 'succeeded',
    error: null,
    outputs: {},
    inputTokens: 0,
    outputTokens: 0,
    nodesSucceeded: 0,
    nodesFailed: 0,
  };
  const running = new Set<Promise<void>>();

  const release = (id: string) => {
    for (const next of new Set(successors.get(id))) {
      const left = (waitingOn.get(next) ?? 0) - 1;
      waitingOn.set(next, left);
      if (left === 0) ready.push(next);
    }
  };

  const settle = (id: string, status: NodeRunStatus, patch: { error?: string } = {}) => {
    finished.set(id, status);
    writer.update((doc) =>
      updateNodeRun(doc, id, { status, finishedAt: options.now(), ...patch }, RUNNER_ORIGIN),
    );
    release(id);
  };

  const start = (id: string) => {
    const node = nodes.get(id) as GraphNode;
    const preds = [...new Set(predecessors.get(id))].sort();
    if (signal.aborted) return settle(id, 'cancelled');
    if (preds.some((p) => finished.get(p) !== 'succeeded'))
      return settle(id, 'skipped', { error: 'an upstream node did not succeed' });
    const task = runNode(node, preds, options, outcome)
      .then(
        (text) => {
          outcome.outputs[id] = text;
          outcome.nodesSucceeded += 1;
          settle(id, 'succeeded');
        },
        (error: unknown) => {
          if (signal.aborted) return settle(id, 'cancelled');
          outcome.nodesFailed += 1;
          const message = error instanceof Error ? error.message : String(error);
          settle(id, 'failed', { error: message });
        },
      )
      .finally(() => running.delete(task));
    running.add(task);
  };

  while (ready.length > 0 || running.size > 0) {
    while (ready.length > 0 && running.size < options.concurrency) start(ready.shift() as string);
    if (running.size > 0) await Promise.race(running);
  }

  if (signal.aborted) outcome.status = 'cancelled';
  else if (outcome.nodesFailed > 0) {
    outcome.status = 'failed';
    outcome.error = `${outcome.nodesFailed} node(s) failed`;
  }
  return outcome;
}

async function runNode(
  node: GraphNode,
  preds: string[],
  options: ExecuteRunOptions,
  outcome: RunOutcome,
): Promise<string> {
  const { writer, now } = options;
  const upstream = preds.map((p) => outcome.outputs[p] ?? '').join('\n\n');
  writer.update((doc) => {
    resetNodeOutput(doc, node.id, RUNNER_ORIGIN);
    updateNodeRun(doc, node.id, { status: 'running', attempt: 1, startedAt: now() }, RUNNER_ORIGIN);
  });

  if (node.type === 'input') {
    const label = String(node.data.label ?? '');
    const text = options.inputs[node.id] ?? options.inputs[label] ?? String(node.data.value ?? '');
    writer.appendOutput(node.id, text);
    return text;
  }
  if (node.type === 'output') {
    writer.appendOutput(node.id, upstream);
    return upstream;
  }

  const providerId = String(node.data.provider ?? 'local');
  const provider = options.providers.get(providerId);
  if (!provider) throw new Error(`provider "${providerId}" is not configured on this runner`);
  const model = String(node.data.model ?? provider.models[0]?.id ?? '');
  const template = String(node.data.userPrompt ?? '') || '{{input}}';
  const prompt = renderTemplate(template, { upstream, outputs: outcome.outputs, inputs: options.inputs });
  writer.update((doc) => updateNodeRun(doc, node.id, { provider: providerId, model }, RUNNER_ORIGIN));

  let text = '';
  for await (const chunk of provider.stream({
    model,
    system: String(node.data.systemPrompt ?? '') || undefined,
    messages: [{ role: 'user', content: prompt }],
    signal: options.signal,
  })) {
    if (chunk.type === 'text') {
      text += chunk.text;
      writer.appendOutput(node.id, chunk.text);
    } else if (chunk.type === 'usage') {
      outcome.inputTokens += chunk.inputTokens;
      outcome.outputTokens += chunk.outputTokens;
      writer.update((doc) =>
        updateNodeRun(
          doc,
          node.id,
          { usage: { inputTokens: chunk.inputTokens, outputTokens: chunk.outputTokens } },
          RUNNER_ORIGIN,
        ),
      );
    }
  }
  if (options.signal.aborted) throw new Error('cancelled');
  return text;
}
