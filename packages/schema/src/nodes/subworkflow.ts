import { z } from 'zod';
import { ErrorCodes } from '../errorCodes';
import type { GraphNode, WorkflowGraph } from '../graphTypes';
import { readField, readString } from '../readUntrusted';
import type { NodeDefinition, NodeTemplate } from './NodeDefinition';

// The Sub-workflow node: calls another workflow of the same workspace at a pinned saved version (or
// its published version), with the child's inputs given as templates rendered in the parent. The child
// runs as a run of its own (linked both ways, shown nested in the run view); the node's output is the
// child's result: the text of its one Output node, or a JSON object of its outputs by label when it
// has several. A call chain that comes back to a workflow already on it is refused before the run.

/** How deep calls may nest (the parent is depth 0): deeper is refused before the run, not at depth 50. */
export const SUBWORKFLOW_MAX_DEPTH = 5;
/** How many calls one check follows along all paths at most (a wide fan-out at every level). */
export const SUBWORKFLOW_MAX_CALLS = 1000;

const INPUT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** One child input and the template its value is rendered from. */
export interface SubworkflowInput {
  name: string;
  value: string;
}

export interface SubworkflowNodeData {
  label: string;
  /** The workflow to call, in the same workspace; '' until one is chosen. */
  workflowId: string;
  /** A saved version of it to run; '' runs its published version (as automation does, ADR 0014). */
  versionId: string;
  inputs: SubworkflowInput[];
}

/** Input rows with a valid, unique name (first wins); malformed rows are dropped. */
export function readSubworkflowInputs(raw: unknown): SubworkflowInput[] {
  const out: SubworkflowInput[] = [];
  const seen = new Set<string>();
  for (const item of Array.isArray(raw) ? raw : []) {
    const name = readString(readField(item, 'name'), '').trim();
    if (!INPUT_NAME.test(name) || seen.has(name)) continue;
    seen.add(name);
    out.push({ name, value: readString(readField(item, 'value'), '') });
  }
  return out;
}

export function subworkflowDataOf(node: GraphNode): SubworkflowNodeData {
  const d = node.data;
  return {
    label: readString(d.label, subworkflowNode.title),
    workflowId: readString(d.workflowId, ''),
    versionId: readString(d.versionId, ''),
    inputs: readSubworkflowInputs(d.inputs),
  };
}

/** The child's inputs as its run receives them: every row's template rendered by `render`. */
export function subworkflowInputsOf(
  data: Pick<SubworkflowNodeData, 'inputs'>,
  render: (template: string) => string,
): Record<string, string> {
  return Object.fromEntries(data.inputs.map((i) => [i.name, render(i.value)]));
}

/**
 * The node's output from the child run's outputs (Output label → text): the one output's text, else
 * the JSON object of all of them, so `{{nodes.<key>.output.<label>}}` reaches each.
 */
export function subworkflowOutputOf(outputs: Record<string, string>): string {
  const values = Object.values(outputs);
  if (values.length === 1) return values[0] as string;
  return JSON.stringify(outputs);
}

/** One call a graph makes: the node and the workflow (and version, '' = published) it calls. */
export interface SubworkflowCall {
  nodeId: string;
  label: string;
  workflowId: string;
  versionId: string;
}

/**
 * The sub-workflow calls of a graph, in node order (nodes without a chosen workflow left out); an
 * empty label names the node by its id, as `checkRunnable` does.
 */
export function subworkflowCallsOf(graph: WorkflowGraph): SubworkflowCall[] {
  return graph.nodes
    .filter((n) => n.type === 'subworkflow')
    .map((n) => {
      const data = subworkflowDataOf(n);
      return {
        nodeId: n.id,
        label: data.label || n.id,
        workflowId: data.workflowId,
        versionId: data.versionId,
      };
    })
    .filter((c) => c.workflowId !== '');
}

/** What `findCallProblem` needs to follow a call: the graph it would run and a name for messages. */
export interface ResolvedCall {
  name: string;
  graph: WorkflowGraph;
}

/** Where a call chain starts: the workflow that runs (`workflowId` '' when unknown, as in a file). */
export interface CallChainRoot {
  workflowId: string;
  name: string;
  graph: WorkflowGraph;
}

const PROBLEM_CODES = {
  cycle: ErrorCodes.subworkflowCycle,
  missing: ErrorCodes.subworkflowNotFound,
  depth: ErrorCodes.subworkflowTooDeep,
} as const;

/**
 * Why a call chain cannot run: `code` is the error intake answers and export throws, `chain` the names
 * along the way ending at the offending one, `call` the Sub-workflow node that makes the refused call.
 */
export interface CallChainProblem {
  kind: keyof typeof PROBLEM_CODES;
  code: (typeof PROBLEM_CODES)[keyof typeof PROBLEM_CODES];
  chain: string[];
  message: string;
  call: SubworkflowCall;
}

function problemOf(
  kind: CallChainProblem['kind'],
  call: SubworkflowCall,
  chain: string[],
  message: string,
): CallChainProblem {
  return { kind, code: PROBLEM_CODES[kind], chain, message, call };
}

/** Why a chain is refused when it calls a workflow already on it (intake, export and the runner). */
export function describeCallCycle(chain: string[]): string {
  return `sub-workflows call each other in a cycle: ${chain.join(' → ')}`;
}

/** Why a chain is refused when it nests deeper than SUBWORKFLOW_MAX_DEPTH (intake, export, the runner). */
export function describeCallTooDeep(chain: string[]): string {
  return `sub-workflows nest deeper than ${SUBWORKFLOW_MAX_DEPTH} levels: ${chain.join(' → ')}`;
}

/** The walk as a generator: it yields each call it needs resolved and is sent back the answer. */
type CallChainWalk = Generator<SubworkflowCall, CallChainProblem | null, ResolvedCall | null>;

// The one definition of cycle, too deep and not found for a call chain. A generator, so that intake
// (which resolves from the database) and export (which reads a file in memory and stays synchronous)
// drive the same walk: `findCallProblem` awaits each answer, `findCallProblemSync` does not.
function* walkCallChain(root: CallChainRoot): CallChainWalk {
  const resolved = new Map<string, ResolvedCall | null>();
  let followed = 0;
  function* visit(graph: WorkflowGraph, path: { workflowId: string; name: string }[]): CallChainWalk {
    for (const call of subworkflowCallsOf(graph)) {
      const names = path.map((p) => p.name);
      const back = path.findIndex((p) => p.workflowId === call.workflowId);
      if (back >= 0) {
        const chain = [...names, names[back] as string];
        return problemOf('cycle', call, chain, describeCallCycle(chain));
      }
      const key = `${call.workflowId}@${call.versionId}`;
      if (!resolved.has(key)) resolved.set(key, yield call);
      const found = resolved.get(key);
      if (!found) {
        const which = call.versionId ? 'its pinned version' : 'a published version';
        return problemOf(
          'missing',
          call,
          [...names, call.label],
          `${call.label} (in ${names.at(-1)}): the workflow it calls does not exist in this workspace or has no ${which}`,
        );
      }
      const chain = [...names, found.name];
      if (path.length > SUBWORKFLOW_MAX_DEPTH)
        return problemOf('depth', call, chain, describeCallTooDeep(chain));
      followed += 1;
      if (followed > SUBWORKFLOW_MAX_CALLS)
        return problemOf(
          'depth',
          call,
          chain,
          `sub-workflows make more than ${SUBWORKFLOW_MAX_CALLS} calls in all; call fewer workflows from each`,
        );
      const problem = yield* visit(found.graph, [...path, { workflowId: call.workflowId, name: found.name }]);
      if (problem) return problem;
    }
    return null;
  }
  return yield* visit(root.graph, [{ workflowId: root.workflowId, name: root.name }]);
}

/**
 * Follows every sub-workflow call from `root` along every path (a workflow reached twice is checked on
 * each path, since depth and cycles depend on the path) and returns the first problem: a chain that
 * calls a workflow already on it (`A → B → A`), a chain deeper than `SUBWORKFLOW_MAX_DEPTH`, or a call
 * `resolve` cannot find (null: no such workflow, version or published version). Calls are followed in
 * each graph's node order; each `<workflowId>@<versionId>` is resolved once, when first called. Paths
 * are bounded by the depth limit, and more than `SUBWORKFLOW_MAX_CALLS` calls to follow is refused as
 * too much nesting.
 */
export async function findCallProblem(
  root: CallChainRoot,
  resolve: (call: SubworkflowCall) => Promise<ResolvedCall | null>,
): Promise<CallChainProblem | null> {
  const walk = walkCallChain(root);
  let step = walk.next();
  while (!step.done) step = walk.next(await resolve(step.value));
  return step.value;
}

/** `findCallProblem` with a synchronous `resolve` (a workflow file's bundle, read in memory). */
export function findCallProblemSync(
  root: CallChainRoot,
  resolve: (call: SubworkflowCall) => ResolvedCall | null,
): CallChainProblem | null {
  const walk = walkCallChain(root);
  let step = walk.next();
  while (!step.done) step = walk.next(resolve(step.value));
  return step.value;
}

function templatesOf(node: GraphNode): NodeTemplate[] {
  return readSubworkflowInputs(node.data.inputs).map((input, i) => ({
    field: `inputs.${i}`,
    template: input.value,
  }));
}

const subworkflowConfig = z.object({
  label: z.string(),
  workflowId: z.string(),
  versionId: z.string(),
  inputs: z.array(z.object({ name: z.string().regex(INPUT_NAME), value: z.string() })),
}) satisfies z.ZodType<SubworkflowNodeData>;

/** Sub-workflow: runs another workflow of the workspace as a nested run and outputs its result. */
export const subworkflowNode: NodeDefinition<SubworkflowNodeData> = {
  type: 'subworkflow',
  title: 'Sub-workflow',
  executable: true,
  fields: { workflowId: 'string', versionId: 'string', inputs: 'array' },
  defaults: () => ({ workflowId: '', versionId: '', inputs: [] }),
  normalize(data) {
    data.workflowId = readString(data.workflowId, '');
    data.versionId = readString(data.versionId, '');
    data.inputs = readSubworkflowInputs(data.inputs);
  },
  read: subworkflowDataOf,
  config: subworkflowConfig,
  templateFields: [],
  templates: templatesOf,
  exposes: ['output'],
  // Several Output nodes make a JSON object by label; one Output's text may itself be JSON.
  outputPathsAtRunTime: true,
  sourceHandles: () => ['out'],
  targetHandles: ['in'],
  check(node, ctx) {
    if (readString(node.data.workflowId, '') !== '') return [];
    return [
      {
        code: ErrorCodes.nodeInvalidConfig,
        message: `${ctx.nameOf(node.id)}: choose the workflow to call`,
        nodeId: node.id,
        field: 'workflowId',
      },
    ];
  },
};
