// The run document's value types and status lists (docs/document-schema.md §Run); runDoc.ts holds its
// layout, initialisation and checked writes.
import type { ApprovalRequest } from './approvalRequest';
import type { WorkflowGraph } from './graphTypes';

/** `waiting`: parked at a Human approval node, with no runner holding it (ADR 0023); not terminal. */
export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
export type NodeRunStatus =
  | 'queued'
  | 'running'
  | 'waiting'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'cancelled';

export const RUN_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'waiting',
  'succeeded',
  'failed',
  'cancelled',
];
export const NODE_RUN_STATUSES: readonly NodeRunStatus[] = [
  'queued',
  'running',
  'waiting',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
];

export interface RunTotals {
  inputTokens: number;
  outputTokens: number;
  nodesSucceeded: number;
  nodesFailed: number;
}

export interface RunMeta {
  runId: string;
  workflowId: string;
  versionId: string;
  status: RunStatus;
  requestedBy: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  error?: string;
  /** The run inputs after defaults were applied. */
  inputs?: Record<string, string>;
  /** Estimated USD cost of the whole run so far; absent when a model has no known price. */
  cost?: number;
  cancelRequestedAt?: number;
  /** Which version ran: a snapshot of the draft (absent on runs older than this field), or a saved one. */
  versionSource?: RunVersionSource;
  /** The saved version's name when `versionSource` is `published` or `version`. */
  versionName?: string;
  /** A sub-workflow's run: the run and node that called it (ADR 0024). */
  parentRunId?: string;
  parentNodeId?: string;
  totals: RunTotals;
}

/** `draft`: the live document frozen at run start; `published`: the published version; `version`: one picked by id. */
export type RunVersionSource = 'draft' | 'published' | 'version';
export const RUN_VERSION_SOURCES: readonly RunVersionSource[] = ['draft', 'published', 'version'];

/** One call of a model for a node: the router's retries and fallbacks each add one. */
export interface NodeAttempt {
  attempt: number;
  provider: string;
  model: string;
  startedAt: number;
  finishedAt?: number;
  /** Dotted error code (`synapse.provider.rate_limit`) when the attempt failed. */
  code?: string;
  error?: string;
}

export type ToolCallStatus = 'running' | 'succeeded' | 'failed';

/** One tool call an agent made during its tool-calling loop, as watchers see it. */
export interface ToolCallRecord {
  /** The model's call id. */
  id: string;
  /** The tool reference (`mcp:<server>:<tool>`, `builtin:web_search`). */
  tool: string;
  /** The name the model used. */
  name: string;
  /** Turn of the loop (1-based) that asked for the call. */
  iteration: number;
  /** JSON arguments as the model sent them (capped). */
  arguments: string;
  status: ToolCallStatus;
  /** What went back to the model (capped); for a failed call, the error text it saw. */
  result?: string;
  startedAt: number;
  durationMs?: number;
}

/** A memory entry added to an agent's context (content capped). */
export interface MemoryReadRecord {
  id: string;
  content: string;
  /** The run that wrote the entry, when a run did. */
  runId?: string;
}

export const TOOL_CALL_STATUSES: readonly ToolCallStatus[] = ['running', 'succeeded', 'failed'];

/** One item of a Map node (`nodes[<id>].items`, run schema 2). */
export type MapItemStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const MAP_ITEM_STATUSES: readonly MapItemStatus[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
];

export interface MapItemRun {
  index: number;
  status: MapItemStatus;
  /** Model attempts of this item (retries and fallbacks), 0 until it starts. */
  attempt: number;
  startedAt?: number;
  finishedAt?: number;
  /** The item's output (capped at `MAP_ITEM_SHOWN_OUTPUT` characters). */
  output?: string;
  error?: string;
  errorCode?: string;
}

export interface NodeRunState {
  status: NodeRunStatus;
  attempt: number;
  startedAt?: number;
  finishedAt?: number;
  output: string;
  error?: string;
  errorCode?: string;
  usage?: { inputTokens: number; outputTokens: number };
  provider?: string;
  model?: string;
  /** The resolved prompt the node sent (capped), so watchers see what went in. */
  input?: string;
  cost?: number;
  /** The branch id a router took. */
  branch?: string;
  /** Set when the node was interrupted (its runner died) and ran again from scratch. */
  restarted?: boolean;
  attempts?: NodeAttempt[];
  toolCalls?: ToolCallRecord[];
  memoryReads?: MemoryReadRecord[];
  /** Id of the memory entry the node's output was saved as. */
  memoryWritten?: string;
  /** A Human approval node's request and, once made, its decision. */
  approval?: ApprovalRequest;
  /** A Map node's items in index order (`mapItemRuns.ts`). */
  items?: MapItemRun[];
  /** A Sub-workflow node's child run and the workflow it runs (ADR 0024). */
  childRunId?: string;
  childWorkflowId?: string;
}

export interface RunSnapshot {
  meta: RunMeta;
  graph: WorkflowGraph;
  nodes: Record<string, NodeRunState>;
}
