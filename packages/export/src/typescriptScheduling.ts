// Part of the exported TypeScript runtime (see typescriptRuntime.ts): map nodes, sub-workflows and scheduling.
// (Kept free of backticks and dollar-brace: it is a String.raw template.)

/**
 * Map nodes, sub-workflows and the scheduler (apps/runner: runMapNode, runSubworkflowNode, executeRun),
 * as the exported runtime runs them.
 */
export const TYPESCRIPT_SCHEDULING = String.raw`// --- Map nodes (packages/schema/src/nodes/map.ts, apps/runner/src/nodes/runMapNode.ts) ----------

/** An agent's (or a map item's) request: its prompts rendered, its sampling settings and deadline. */
function modelRequest(node: ModelCallSpec, render: (template: string) => string): Request {
  return {
    system: node.system ? render(node.system) : '',
    prompt: render(node.prompt),
    temperature: node.temperature,
    maxTokens: node.maxTokens,
    timeoutMs: node.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

const MAP_LOCAL = /\{\{\s*(item|index)\s*\}\}/g;

/** Splits the rendered list: a JSON array (non-strings as their JSON) or the non-blank lines, trimmed. */
function splitMapItems(text: string, format: 'json' | 'lines', maxItems: number): string[] | string {
  let items: string[];
  if (format === 'lines') items = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return 'the list is not JSON (it starts ' + JSON.stringify(text.slice(0, 60)) + ')';
    }
    if (!Array.isArray(parsed)) return 'the list is JSON but not an array';
    items = parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  if (items.length > maxItems) return 'the list has ' + items.length + ' items; a map runs at most ' + maxItems;
  return items;
}

/** {{item}} and {{index}} filled here, the rest by renderTemplate, in one pass. */
function renderMapPrompt(
  template: string,
  item: string,
  index: number,
  render: (part: string) => string,
): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(MAP_LOCAL)) {
    out += render(template.slice(last, match.index));
    out += match[1] === 'item' ? item : String(index);
    last = (match.index as number) + match[0].length;
  }
  return out + render(template.slice(last));
}

/** One call per item, at most node.concurrency at once; the answers as a JSON array in list order. */
async function runMapNode(
  node: Extract<NodeSpec, { type: 'map' }>,
  render: (part: string) => string,
): Promise<NodeResult> {
  const items = splitMapItems(render(node.list), node.listFormat, node.maxItems);
  if (typeof items === 'string') return result('failed', { error: items });
  const answers: (string | null)[] = items.map(() => null);
  let tokens = 0;
  let failure: string | null = null;
  let next = 0;
  const worker = async () => {
    while (next < items.length && failure === null) {
      const index = next++;
      const item = items[index] as string;
      try {
        const reply = await callModel(
          node.models,
          node.retries,
          modelRequest(node, (template) => renderMapPrompt(template, item, index, render)),
        );
        answers[index] = reply.text;
        tokens += reply.tokens;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (node.failurePolicy === 'fail' && failure === null) failure = 'item ' + index + ' failed: ' + message;
        else if (node.failurePolicy === 'skip') process.stderr.write('! ' + terminalSafe(node.label) + ': item ' + index + ' failed, null: ' + terminalSafe(message) + '\n');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(node.concurrency, items.length) }, worker));
  if (failure !== null) return result('failed', { error: failure, tokens });
  return result('succeeded', { output: JSON.stringify(answers), tokens });
}

// --- Sub-workflows (apps/runner/src/nodes/runSubworkflowNode.ts) -------------------------------

/**
 * Runs the called workflow here as a run of its own, with the inputs this node renders. Its result is the
 * text of its one Output node, or a JSON object of its Output nodes' text by label.
 */
async function runSubworkflowNode(
  id: string,
  node: Extract<NodeSpec, { type: 'subworkflow' }>,
  run: RunSpec,
  render: (part: string) => string,
): Promise<NodeResult> {
  const child = SUBWORKFLOWS[node.workflow] as WorkflowSpec;
  const given = Object.fromEntries(node.inputs.map(([name, template]) => [name, render(template)]));
  const { inputs, problems } = resolveInputs(child, given);
  if (problems.length > 0) return result('failed', { error: child.name + ': ' + problems.join('; ') });
  const prefix = run.prefix + (node.label || id) + ' \u203a ';
  const results = await runWorkflow(child, inputs, run.concurrency, prefix);
  const tokens = [...results.values()].reduce((sum, r) => sum + r.tokens, 0);
  const failed = [...results].filter(([, r]) => r.status === 'failed').map(([id]) => (child.nodes[id] as NodeSpec).label || id);
  for (const [childId, r] of results)
    if (r.status === 'failed') process.stderr.write('\u2717 ' + terminalSafe(prefix + childId) + ': ' + terminalSafe(r.error ?? 'failed') + '\n');
  if (failed.length > 0) {
    const count = failed.length + (failed.length === 1 ? ' node' : ' nodes');
    return result('failed', { error: child.name + ': ' + count + ' failed: ' + failed.join(', '), tokens });
  }
  const outputs: Record<string, string> = {};
  for (const [id, label] of child.outputs) {
    const done = results.get(id);
    outputs[label] = done?.status === 'succeeded' ? done.output : '';
  }
  const values = Object.values(outputs);
  return result('succeeded', { output: values.length === 1 ? (values[0] as string) : JSON.stringify(outputs), tokens });
}

// --- Scheduling (apps/runner/src/executeRun.ts) -----------------------------------------------

const SYMBOLS: Record<string, string> = { running: '\u25b6', succeeded: '\u2713', failed: '\u2717', skipped: '\u2013' };

/** Control characters shown as \\xNN: a label with ANSI/OSC escapes cannot drive the terminal. */
const terminalSafe = (text: string): string =>
  text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));

function progress(nodes: Record<string, NodeSpec>, id: string, status: string, prefix: string): void {
  const label = (nodes[id] as NodeSpec).label || id;
  process.stderr.write(SYMBOLS[status] + ' ' + terminalSafe(prefix) + terminalSafe(label) + ' ' + status + '\n');
}

/**
 * A node starts once all its predecessors finished. It is skipped when one of them failed (or was skipped
 * for a failure), or when none of its incoming edges is live (a router's edge is live only for the branch
 * it took). The prefix goes before each label in progress lines (a called workflow's).
 */
async function runWorkflow(
  workflow: WorkflowSpec,
  inputs: Record<string, string>,
  concurrency: number,
  prefix = '',
): Promise<Map<string, NodeResult>> {
  const nodes = workflow.nodes;
  const run: RunSpec = { workflow, inputs, concurrency, prefix };
  const ids = Object.keys(nodes);
  const successors = new Map<string, string[]>(ids.map((id) => [id, []]));
  const waiting = new Map<string, number>();
  for (const id of ids) {
    const sources = [...new Set((nodes[id] as NodeSpec).after.map(([source]) => source))];
    waiting.set(id, sources.length);
    for (const source of sources) successors.get(source)?.push(id);
  }
  const ready = ids.filter((id) => waiting.get(id) === 0);
  const results = new Map<string, NodeResult>();
  /** Skipped node → the failed node it was skipped for. */
  const blame = new Map<string, string>();
  const outputs: Record<string, string> = {};
  const running = new Set<Promise<void>>();

  const finish = (id: string, outcome: NodeResult) => {
    results.set(id, outcome);
    if (outcome.status === 'succeeded') outputs[id] = outcome.output;
    progress(nodes, id, outcome.status, prefix);
    for (const target of successors.get(id) ?? []) {
      const left = (waiting.get(target) ?? 0) - 1;
      waiting.set(target, left);
      if (left === 0) ready.push(target);
    }
  };

  /** The failed node that keeps a node from running: a predecessor, or the one it was skipped for. */
  const failedUpstream = (id: string): string | null => {
    for (const [source] of (nodes[id] as NodeSpec).after) {
      if (results.get(source)?.status === 'failed') return source;
      const behind = blame.get(source);
      if (behind !== undefined) return behind;
    }
    return null;
  };

  const liveSources = (id: string): string[] => {
    const live: string[] = [];
    for (const [source, handle] of (nodes[id] as NodeSpec).after) {
      const done = results.get(source);
      if (!done) continue;
      if (done.status !== 'succeeded') continue;
      if (done.branch !== null && handle !== done.branch) continue;
      if (!live.includes(source)) live.push(source);
    }
    return live;
  };

  const start = (id: string) => {
    const failed = failedUpstream(id);
    if (failed !== null) {
      blame.set(id, failed);
      return finish(id, result('skipped', { error: 'skipped: ' + ((nodes[failed] as NodeSpec).label || failed) + ' failed' }));
    }
    const live = liveSources(id);
    if ((nodes[id] as NodeSpec).after.length > 0 && live.length === 0)
      return finish(id, result('skipped', { error: 'not on the branch the router took' }));
    progress(nodes, id, 'running', prefix);
    const upstream = live.map((source) => outputs[source] ?? '').join('\n\n');
    const task: Promise<void> = runNode(run, id, upstream, { ...outputs })
      .catch((error: unknown) => result('failed', { error: error instanceof Error ? error.message : String(error) }))
      .then((outcome) => finish(id, outcome))
      .finally(() => running.delete(task));
    running.add(task);
  };

  while (ready.length > 0 || running.size > 0) {
    while (ready.length > 0 && running.size < concurrency) start(ready.shift() as string);
    if (running.size > 0) await Promise.race(running);
  }
  return results;
}

`;
