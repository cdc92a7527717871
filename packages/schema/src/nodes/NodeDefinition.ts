import type { z } from 'zod';
import type { GraphNode, NodeType, WorkflowGraph } from '../graphTypes';

/** How a data field is stored: `text` fields are `Y.Text` (co-typed prompts), the rest plain values. */
export type DataFieldKind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'text';

/**
 * One problem that keeps a workflow from running, naming the node (and field) it is about, so the
 * editor can mark it, the API can return it and the CLI can print it.
 */
export interface RunnableIssue {
  /** A dotted error code from `ErrorCodes`. */
  code: string;
  message: string;
  nodeId?: string;
  field?: string;
}

/** One template of a node and the field it sits in (`userPrompt`, `headers.0`). */
export interface NodeTemplate {
  field: string;
  template: string;
}

/** What a node definition's own check sees besides its node: the whole valid graph. */
export interface NodeCheckContext {
  graph: WorkflowGraph;
  /** The node's label, or its id when it has none, for messages. */
  nameOf(nodeId: string): string;
}

/**
 * Everything Synapse knows about one node type, in one module (like n8n's `INodeType`): the layout of
 * its `data`, its defaults and clamps, how it is validated, which references it accepts and exposes.
 * Executors (apps/runner), settings panels (apps/web) and exporters (packages/export) are maps keyed
 * by `type` that read these definitions; nothing else switches over node types.
 */
export interface NodeDefinition<Data = Record<string, unknown>> {
  type: NodeType;
  /** Default label of a new node, and the inspector's title. */
  title: string;
  /** Notes never run and never connect. */
  executable: boolean;
  /** The data fields this type owns and how each is stored (others pass through untouched). */
  fields: Readonly<Record<string, DataFieldKind>>;
  /** What `addNode` writes for a new node (text fields become `Y.Text`); never the label. */
  defaults(): Record<string, unknown>;
  /**
   * Tolerant read of untrusted `data` (a plain copy, edited in place): every field this type owns gets
   * its default when missing or mistyped, malformed list entries are dropped. Never throws.
   */
  normalize(data: Record<string, unknown>): void;
  /** The typed fields of a node with defaults and clamps applied: what the runner and export use. */
  read(node: GraphNode): Data;
  /** Config validation of `read(node)`; issue paths name the field. */
  config: z.ZodType<Data>;
  /** Fields that are templates: their references are checked before a run and rendered at run time. */
  templateFields: readonly string[];
  /**
   * Placeholders a template field fills itself (a map's `{{item}}` and `{{index}}`), by field: the
   * reference check leaves them alone there and refuses them everywhere else.
   */
  templateLocals?: Readonly<Record<string, readonly string[]>>;
  /**
   * Every template the node holds with the field it sits in, when not all are plain `templateFields`
   * (an HTTP request's header values are `headers.<i>`); absent: the `templateFields` that are strings.
   */
  templates?(node: GraphNode): NodeTemplate[];
  /**
   * Whether `{{secrets.NAME}}` is filled in this type's templates (HTTP requests only: anywhere else a
   * secret would be sent to a model or shown in the run). Elsewhere it is refused before a run.
   */
  acceptsSecrets?: boolean;
  /**
   * What downstream templates may read of this node, offered by the editor: `output` for
   * `{{nodes.<key>.output}}`, and paths into a JSON output (`output.body`) worth offering on their own.
   */
  exposes: readonly string[];
  /**
   * The output is JSON whose shape is only known at run time (an HTTP response, a sub-workflow's
   * outputs by label), so `{{nodes.<key>.output.<any path>}}` is accepted before the run.
   */
  outputPathsAtRunTime?: boolean;
  /** The handles edges leave this node by (a router: one per branch). */
  sourceHandles(node: GraphNode): string[];
  /** The handles edges enter this node by. */
  targetHandles: readonly string[];
  /** Checks that need more than the node's own config (optional). */
  check?(node: GraphNode, ctx: NodeCheckContext): RunnableIssue[];
}
