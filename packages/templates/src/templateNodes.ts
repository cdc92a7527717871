import {
  agentPreset,
  DEFAULT_MODEL,
  DEFAULT_PROVIDER,
  edgeId,
  type GraphEdge,
  type GraphNode,
  type InputVariable,
  isNodeKey,
  type RouterBranch,
} from '@synapse/schema';

// Small factories for template graphs. Positions are in canvas units on a 300 × 180 grid, laid out
// left to right in run order so a template opens readable without auto-layout. Every executable node's
// id is also its key, so prompts reference nodes by key (`{{nodes.summary.output}}`).

const COLUMN = 300;
const ROW = 180;

function at(column: number, row: number) {
  return { x: column * COLUMN, y: row * ROW };
}

/** The node's key: its id when that is a valid key (else `addNode` makes one from the label). */
function keyOf(id: string): { key?: string } {
  return isNodeKey(id) ? { key: id } : {};
}

function presetPrompt(preset: string): string {
  const found = agentPreset(preset);
  if (!found) throw new Error(`unknown agent preset ${preset}`);
  return found.systemPrompt;
}

export function inputNode(
  id: string,
  label: string,
  variables: InputVariable[],
  column: number,
  row: number,
): GraphNode {
  return {
    id,
    type: 'input',
    position: at(column, row),
    data: { label, ...keyOf(id), value: '', variables },
  };
}

export interface AgentSpec {
  label: string;
  /** An AGENT_PRESETS id: its system prompt is used unless `systemPrompt` is given. */
  preset: string;
  userPrompt: string;
  systemPrompt?: string;
}

export function agentNode(id: string, spec: AgentSpec, column: number, row: number): GraphNode {
  return {
    id,
    type: 'agent',
    position: at(column, row),
    data: {
      label: spec.label,
      ...keyOf(id),
      preset: spec.preset,
      provider: DEFAULT_PROVIDER,
      model: DEFAULT_MODEL,
      systemPrompt: spec.systemPrompt ?? presetPrompt(spec.preset),
      userPrompt: spec.userPrompt,
      fallbacks: [],
    },
  };
}

/** A rule-mode router: the first branch whose rule matches `routed` is taken; no model call. */
export function ruleRouterNode(
  id: string,
  label: string,
  routed: string,
  branches: RouterBranch[],
  column: number,
  row: number,
): GraphNode {
  return {
    id,
    type: 'router',
    position: at(column, row),
    data: {
      label,
      ...keyOf(id),
      mode: 'rule',
      provider: DEFAULT_PROVIDER,
      model: DEFAULT_MODEL,
      systemPrompt: '',
      userPrompt: routed,
      branches,
    },
  };
}

export interface HttpSpec {
  label: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: [name: string, value: string][];
  body?: string;
}

/** An HTTP request node; secrets are `{{secrets.NAME}}` references, resolved from the workspace vault. */
export function httpNode(id: string, spec: HttpSpec, column: number, row: number): GraphNode {
  return {
    id,
    type: 'http',
    position: at(column, row),
    data: {
      label: spec.label,
      ...keyOf(id),
      method: spec.method,
      url: spec.url,
      headers: spec.headers.map(([name, value]) => ({ name, value })),
      body: spec.body ?? '',
      bodyType: 'json',
    },
  };
}

export function outputNode(id: string, label: string, column: number, row: number): GraphNode {
  return { id, type: 'output', position: at(column, row), data: { label, ...keyOf(id) } };
}

export function noteNode(id: string, text: string, column: number, row: number): GraphNode {
  return { id, type: 'note', position: at(column, row), data: { label: 'Note', text } };
}

/** An edge under its deterministic id; `branch` is the router branch (source handle) it follows. */
export function link(source: string, target: string, branch = 'out'): GraphEdge {
  return {
    id: edgeId({ source, sourceHandle: branch, target, targetHandle: 'in' }),
    source,
    target,
    sourceHandle: branch,
    targetHandle: 'in',
  };
}
