// The plain graph every reader derives from a workflow document. It is what the DAG functions, the
// run intake, the runner and the canvas work on; the Yjs layout stays behind the accessors.

export type NodeType = 'input' | 'agent' | 'output' | 'note';

export interface Position {
  x: number;
  y: number;
}

export interface AgentNodeData {
  label: string;
  provider: string;
  model: string;
  systemPrompt: string;
  userPrompt: string;
  temperature?: number;
  maxTokens?: number;
}

/**
 * `data` always has `label`. Agent nodes also have `provider`, `model`, `systemPrompt`, `userPrompt`
 * (strings) and optionally `temperature`/`maxTokens`; input nodes have `value`; note nodes `text`.
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
