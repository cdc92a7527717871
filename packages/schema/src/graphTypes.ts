import type { OutputSchema } from './structuredOutput';

// The plain graph every reader derives from a workflow document. It is what the DAG functions, the
// run intake, the runner and the canvas work on; the Yjs layout stays behind the accessors.

export type NodeType =
  | 'input'
  | 'agent'
  | 'router'
  | 'map'
  | 'approval'
  | 'http'
  | 'subworkflow'
  | 'output'
  | 'note';

export interface Position {
  x: number;
  y: number;
}

/** One entry of an agent's fallback chain, tried in order after its own provider/model. */
export interface ModelRef {
  provider: string;
  model: string;
}

export interface AgentNodeData {
  label: string;
  provider: string;
  model: string;
  systemPrompt: string;
  userPrompt: string;
  /** Which preset the node was created from (`researcher`, `writer`, … `custom`). */
  preset?: string;
  temperature?: number;
  maxTokens?: number;
  /** Deadline of one attempt in milliseconds. */
  timeoutMs?: number;
  /** Retries after the first attempt, per model in the chain. */
  retries?: number;
  fallbacks: ModelRef[];
  /**
   * Tools the agent may call: `mcp:<serverId>:<toolName>` or `builtin:<name>` (web search). Empty
   * means a plain model call.
   */
  tools: string[];
  /** Most model turns of the tool-calling loop (default 8). */
  maxToolIterations?: number;
  /** Add the workspace memory entries most relevant to the prompt to the agent's context. */
  memoryRead?: boolean;
  /** How many entries to add when reading (default 3). */
  memoryTopK?: number;
  /** Save the node's output to the workspace memory after it succeeds. */
  memoryWrite?: boolean;
  /**
   * Structured output: the reply must be JSON matching this schema (`structuredOutput.ts`); downstream
   * templates read fields as `{{nodes.<key>.output.<field>}}`.
   */
  outputSchema?: OutputSchema;
}

export type InputVariableType = 'string' | 'number' | 'boolean' | 'text';

/** A named run input declared by an Input node; `{{input.<name>}}` reads it anywhere downstream. */
export interface InputVariable {
  name: string;
  type: InputVariableType;
  default: string;
  description?: string;
  /** A run must have a non-empty value for it (given, or the default); absent means optional. */
  required?: boolean;
}

/** How a rule-mode router branch matches the routed text; `else` matches when nothing else did. */
export type RouterMatch = 'contains' | 'equals' | 'startsWith' | 'else';

/** A router branch: its id is the edge `sourceHandle` of everything that follows the branch. */
export interface RouterBranch {
  id: string;
  label: string;
  match?: RouterMatch;
  value?: string;
}

export interface RouterNodeData {
  label: string;
  /** `llm`: a model picks one branch label; `rule`: the first matching branch is taken. */
  mode: 'llm' | 'rule';
  provider: string;
  model: string;
  systemPrompt: string;
  /** The text that is routed (rule mode) or classified (llm mode), default `{{input}}`. */
  userPrompt: string;
  branches: RouterBranch[];
}

/**
 * `data` always has `label`. Agent nodes also have `provider`, `model`, `systemPrompt`, `userPrompt`
 * (strings), `fallbacks` and optionally `preset`/`temperature`/`maxTokens`/`timeoutMs`/`retries`;
 * input nodes have `value` and `variables`; router nodes the RouterNodeData fields; note nodes `text`;
 * HTTP request nodes the HttpNodeData fields (`nodes/http.ts`).
 * Unknown fields written by newer clients are passed through as plain JSON values.
 */
export interface GraphNode {
  id: string;
  type: NodeType;
  position: Position;
  data: Record<string, unknown> & { label: string };
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
  targetHandle: string;
}

export interface WorkflowGraph {
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The built-in deterministic offline model, so runs work without any API key. */
export const DEFAULT_PROVIDER = 'local';
export const DEFAULT_MODEL = 'local-demo';
