import type { RunnableErrorCode } from '../checkRunnable';
import { ErrorCodes } from '../errorCodes';
import type { GraphEdge, GraphNode, NodeType, WorkflowGraph } from '../graphTypes';

// One table of runnable and unrunnable graphs that every caller of `checkRunnable` is tested against:
// schema (checkRunnable.test.ts), server intake (apps/server runRunnable.test.ts), the runner's
// re-validation of the frozen version (apps/runner createJobHandler.int.test.ts), `synapse run`
// (apps/cli runCommand.int.test.ts) and export (packages/export buildExportPlan.test.ts). Agents use
// the built-in local model, so the runnable cases run anywhere.

export interface RunnableCase {
  name: string;
  graph: WorkflowGraph;
  inputs: Record<string, string>;
  /**
   * `null`: it runs. Otherwise the code of the failing stage and the nodes its issues name (sorted).
   * `inputs` failures only happen where run inputs are checked (not at export, whose scripts check
   * them when they run).
   */
  expected: null | { code: RunnableErrorCode; nodes: string[]; message: RegExp };
}

function node(id: string, type: NodeType, data: Record<string, unknown> = {}): GraphNode {
  return { id, type, position: { x: 0, y: 0 }, data: { label: id, ...data } };
}

function edge(source: string, target: string, sourceHandle = 'out'): GraphEdge {
  return { id: `${source}:${sourceHandle}->${target}:in`, source, target, sourceHandle, targetHandle: 'in' };
}

const topic = { variables: [{ name: 'topic', type: 'string', default: '', required: true }] };

/** input → agent → output, with `agent`'s data merged in. */
function chain(
  agent: Record<string, unknown> = {},
  extra: GraphNode[] = [],
  extraEdges: GraphEdge[] = [],
): WorkflowGraph {
  return {
    name: 'case',
    nodes: [
      node('in', 'input', topic),
      node('writer', 'agent', { userPrompt: 'Write about {{input.topic}}', ...agent }),
      node('out', 'output'),
      ...extra,
    ],
    edges: [edge('in', 'writer'), edge('writer', 'out'), ...extraEdges],
  };
}

export const RUNNABLE_CASES: readonly RunnableCase[] = [
  { name: 'a chain with its input given runs', graph: chain(), inputs: { topic: 'tides' }, expected: null },
  {
    name: 'a workflow of only notes has nothing to run',
    graph: { name: 'case', nodes: [node('n', 'note')], edges: [] },
    inputs: {},
    expected: { code: ErrorCodes.dagEmpty, nodes: [], message: /no nodes to run/ },
  },
  {
    name: 'a cycle is refused',
    graph: {
      name: 'case',
      nodes: [node('a', 'agent'), node('b', 'agent')],
      edges: [edge('a', 'b'), edge('b', 'a')],
    },
    inputs: {},
    expected: { code: ErrorCodes.dagCycle, nodes: [], message: /cycle/ },
  },
  {
    name: 'an agent with no model is refused, naming it',
    graph: chain({ model: '' }),
    inputs: { topic: 'tides' },
    expected: { code: ErrorCodes.nodeInvalidConfig, nodes: ['writer'], message: /writer: choose a model/ },
  },
  {
    name: 'a temperature no provider accepts is refused',
    graph: chain({ temperature: 7 }),
    inputs: { topic: 'tides' },
    expected: { code: ErrorCodes.nodeInvalidConfig, nodes: ['writer'], message: /temperature must be 0–2/ },
  },
  {
    name: 'an LLM router whose branches share a label is refused',
    graph: {
      name: 'case',
      nodes: [
        node('pick', 'router', {
          mode: 'llm',
          branches: [
            { id: 'a', label: 'Tech' },
            { id: 'b', label: 'tech' },
          ],
        }),
        node('out', 'output'),
      ],
      edges: [edge('pick', 'out', 'a')],
    },
    inputs: {},
    expected: { code: ErrorCodes.nodeInvalidConfig, nodes: ['pick'], message: /same label/ },
  },
  {
    name: 'a reference to a node that does not exist is refused',
    graph: chain({ userPrompt: 'Improve {{nodes.ghost.output}}' }),
    inputs: { topic: 'tides' },
    expected: { code: ErrorCodes.dagUnknownReference, nodes: ['writer'], message: /no such node/ },
  },
  {
    name: 'a reference to a node that is not upstream is refused',
    graph: chain({}, [node('late', 'agent', { userPrompt: '{{nodes.out.output}}' })]),
    inputs: { topic: 'tides' },
    expected: { code: ErrorCodes.dagUnknownReference, nodes: ['late'], message: /not upstream/ },
  },
  {
    name: 'an input no Input node declares is refused',
    graph: chain({ userPrompt: 'Write about {{input.subject}}' }),
    inputs: { topic: 'tides' },
    expected: { code: ErrorCodes.dagUnknownReference, nodes: ['writer'], message: /input\.subject/ },
  },
  {
    name: 'a reference by key runs; so does an old one by id',
    graph: chain(
      { key: 'draft' },
      [
        node('edit', 'agent', {
          key: 'editor',
          userPrompt: '{{nodes.draft.output}} / {{nodes.writer.output}}',
        }),
      ],
      [edge('writer', 'edit')],
    ),
    inputs: { topic: 'tides' },
    expected: null,
  },
  {
    name: 'two nodes holding one key (a merge) are refused, naming the second',
    graph: chain(
      { key: 'same' },
      [node('zed', 'agent', { key: 'same', userPrompt: 'x' })],
      [edge('writer', 'zed')],
    ),
    inputs: { topic: 'tides' },
    expected: {
      code: ErrorCodes.nodeInvalidConfig,
      nodes: ['zed'],
      message: /key "same" is writer's already/,
    },
  },
  {
    name: 'braces that read like a reference but are none are refused, not sent as text',
    graph: chain({ userPrompt: 'Use {{nope.out}} and {{nodes.in}}' }),
    inputs: { topic: 'tides' },
    expected: {
      code: ErrorCodes.dagUnknownReference,
      nodes: ['writer'],
      message: /\{\{nodes\.in\}\}, which is no reference/,
    },
  },
  {
    name: 'an HTTP request without a URL is refused, naming it',
    graph: chain({}, [node('fetch', 'http', { url: ' ' })], [edge('in', 'fetch')]),
    inputs: { topic: 'tides' },
    expected: { code: ErrorCodes.nodeInvalidConfig, nodes: ['fetch'], message: /fetch: enter the URL/ },
  },
  {
    name: 'a secret in a prompt is refused: only HTTP requests may use secrets',
    graph: chain({ userPrompt: 'Token {{secrets.GITHUB_TOKEN}}' }),
    inputs: { topic: 'tides' },
    expected: {
      code: ErrorCodes.dagUnknownReference,
      nodes: ['writer'],
      message: /secrets can only be used in HTTP request nodes/,
    },
  },
  {
    name: "an HTTP request's header reading a node that does not exist is refused",
    graph: chain(
      {},
      [
        node('fetch', 'http', {
          url: 'https://api.example.com/{{input.topic}}',
          headers: [{ name: 'Authorization', value: 'Bearer {{secrets.TOKEN}} {{nodes.ghost.output.body}}' }],
        }),
      ],
      [edge('in', 'fetch')],
    ),
    inputs: { topic: 'tides' },
    expected: { code: ErrorCodes.dagUnknownReference, nodes: ['fetch'], message: /ghost.*no such node/ },
  },
  {
    name: 'a map whose list names no node is refused, naming the map and its list',
    graph: chain(
      {},
      [node('each', 'map', { key: 'each', list: '{{nodes.ideas.output}}', userPrompt: '{{item}}' })],
      [edge('writer', 'each')],
    ),
    inputs: { topic: 'tides' },
    expected: {
      code: ErrorCodes.dagUnknownReference,
      nodes: ['each'],
      message: /each refers to \{\{nodes\.ideas\.output\}\}, but no such node exists/,
    },
  },
  {
    name: 'a map with an empty list is refused; {{item}} in its prompt is not a reference',
    graph: chain(
      {},
      [node('each', 'map', { key: 'each', list: ' ', userPrompt: 'Expand {{item}}' })],
      [edge('writer', 'each')],
    ),
    inputs: { topic: 'tides' },
    expected: { code: ErrorCodes.nodeInvalidConfig, nodes: ['each'], message: /say which list to map over/ },
  },
  {
    name: 'a structured-output field the schema does not declare is refused',
    graph: chain(
      { outputSchema: { type: 'object', properties: { priority: { type: 'string' } } } },
      [
        node('use', 'agent', {
          userPrompt: '{{nodes.writer.output.priority}} {{nodes.writer.output.owner}}',
        }),
      ],
      [edge('writer', 'use')],
    ),
    inputs: { topic: 'tides' },
    expected: { code: ErrorCodes.dagUnknownReference, nodes: ['use'], message: /writer\.output\.owner/ },
  },
  {
    name: 'an output schema outside the supported subset is refused',
    graph: chain({ outputSchema: { type: 'object', properties: { p: { type: 'date' } } } }),
    inputs: { topic: 'tides' },
    expected: { code: ErrorCodes.nodeInvalidConfig, nodes: ['writer'], message: /writer: / },
  },
  {
    name: 'a required input left empty is refused',
    graph: chain(),
    inputs: {},
    expected: { code: ErrorCodes.runInputs, nodes: [], message: /input "topic" is required/ },
  },
  {
    name: 'a Human approval with a timeout but no timeout branch is refused, naming it',
    graph: chain({}, [node('gate', 'approval', { timeoutMs: 60_000 })], [edge('writer', 'gate')]),
    inputs: { topic: 'tides' },
    expected: {
      code: ErrorCodes.nodeInvalidConfig,
      nodes: ['gate'],
      message: /gate: a timeout needs its own branch/,
    },
  },
];
