import * as Y from 'yjs';
import { checkApprovalRequest } from './approvalRequest';
import { isValidId } from './docNames';
import { META_KEY, SCHEMA_VERSION_KEY } from './docSchemaVersion';
import type { WorkflowGraph } from './graphTypes';
import { isExecutableNodeType } from './nodeDefaults';
import type { TxOrigin } from './origins';
import {
  type MemoryReadRecord,
  NODE_RUN_STATUSES,
  type NodeAttempt,
  type NodeRunState,
  RUN_STATUSES,
  RUN_VERSION_SOURCES,
  type RunMeta,
  type RunSnapshot,
  type RunStatus,
  type RunTotals,
  TOOL_CALL_STATUSES,
  type ToolCallRecord,
} from './runDocTypes';

export {
  MAP_ITEM_STATUSES,
  type MapItemRun,
  type MapItemStatus,
  type MemoryReadRecord,
  NODE_RUN_STATUSES,
  type NodeAttempt,
  type NodeRunState,
  type NodeRunStatus,
  RUN_STATUSES,
  RUN_VERSION_SOURCES,
  type RunMeta,
  type RunSnapshot,
  type RunStatus,
  type RunTotals,
  type RunVersionSource,
  TOOL_CALL_STATUSES,
  type ToolCallRecord,
  type ToolCallStatus,
} from './runDocTypes';

// Run document layout (docs/document-schema.md §Run). The runner is its only writer (the server
// refuses user writes), so unlike the workflow document nothing here races a concurrent delete.
//   meta:  Y.Map { schemaVersion, runId, workflowId, versionId, status, requestedBy, createdAt,
//                  startedAt?, finishedAt?, error?, inputs?, cost?, cancelRequestedAt?,
//                  versionSource?, versionName?, parentRunId?, parentNodeId?,
//                  totals: {inputTokens, outputTokens, nodesSucceeded, nodesFailed} }
//   graph: Y.Map { json: WorkflowGraph }              the frozen graph, so a run renders as it ran
//   nodes: Y.Map<nodeId, Y.Map { status, attempt, startedAt?, finishedAt?, output: Y.Text, error?,
//                                errorCode?, usage?: {inputTokens, outputTokens}, provider?, model?,
//                                input?, cost?, branch?, restarted?, attempts?: NodeAttempt[],
//                                toolCalls?: ToolCallRecord[], memoryReads?: MemoryReadRecord[],
//                                memoryWritten?: string, approval?: ApprovalRequest,
//                                items?: Y.Map<index, MapItemRun>, childRunId?: string,
//                                childWorkflowId?: string }>
// Times are epoch milliseconds.

export const RUN_SCHEMA_VERSION = 2;
export const GRAPH_JSON_KEY = 'json';

export interface RunMaps {
  meta: Y.Map<unknown>;
  graph: Y.Map<unknown>;
  nodes: Y.Map<Y.Map<unknown>>;
}

export function runMaps(doc: Y.Doc): RunMaps {
  return {
    meta: doc.getMap<unknown>(META_KEY),
    graph: doc.getMap<unknown>('graph'),
    nodes: doc.getMap<Y.Map<unknown>>('nodes'),
  };
}

export function isTerminalRunStatus(s: RunStatus): boolean {
  return s === 'succeeded' || s === 'failed' || s === 'cancelled';
}

export const EMPTY_TOTALS: Readonly<RunTotals> = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  nodesSucceeded: 0,
  nodesFailed: 0,
});

/**
 * Writes meta, the frozen graph (as plain JSON) and a queued entry per executable node. Calling it
 * again for the same run is a no-op, so a retried job may call it; another run id is an error.
 */
export function initRunDoc(
  doc: Y.Doc,
  init: {
    runId: string;
    workflowId: string;
    versionId: string;
    requestedBy: string;
    createdAt: number;
    graph: WorkflowGraph;
  },
  origin: TxOrigin,
): void {
  for (const key of ['runId', 'workflowId', 'versionId'] as const) {
    if (!isValidId(init[key]))
      throw new RangeError(`initRunDoc: invalid ${key} ${JSON.stringify(init[key])}`);
  }
  checkTime('createdAt', init.createdAt);
  const executable = init.graph.nodes.filter((n) => isExecutableNodeType(n.type)).map((n) => n.id);
  for (const id of executable) checkNodeId(id);
  const frozen = JSON.parse(JSON.stringify(init.graph)) as WorkflowGraph;
  doc.transact(() => {
    const { meta, graph, nodes } = runMaps(doc);
    const existing = meta.get('runId');
    if (existing === init.runId) return;
    if (existing !== undefined) throw new Error(`initRunDoc: document already holds run ${String(existing)}`);
    meta.set(SCHEMA_VERSION_KEY, RUN_SCHEMA_VERSION);
    meta.set('runId', init.runId);
    meta.set('workflowId', init.workflowId);
    meta.set('versionId', init.versionId);
    meta.set('status', 'queued');
    meta.set('requestedBy', String(init.requestedBy));
    meta.set('createdAt', init.createdAt);
    meta.set('totals', { ...EMPTY_TOTALS });
    graph.set(GRAPH_JSON_KEY, frozen);
    for (const id of executable) ensureNodeRun(nodes, id);
  }, origin);
}

function checkTime(key: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new TypeError(`${key} must be a finite number`);
}

function checkString(key: string, value: unknown): void {
  if (typeof value !== 'string') throw new TypeError(`${key} must be a string`);
}

type FieldCheck = (key: string, value: unknown) => void;

type FieldRules = Record<string, { check: FieldCheck; optional: boolean }>;

/** Validates a whole patch before anything is written: Yjs has no rollback for a half-applied one. */
function checkPatch(patch: Record<string, unknown>, rules: FieldRules): void {
  // for…in, not Object.entries: the runner checks several patches per node and the arrays add up.
  for (const key in patch) {
    if (!Object.hasOwn(patch, key)) continue;
    const value = patch[key];
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (!rule) throw new RangeError(`unknown or read-only field ${JSON.stringify(key)}`);
    if (value !== undefined) rule.check(key, value);
  }
}

/**
 * Writes a checked patch field by field; `undefined` on an optional field deletes it. A field that
 * already holds the same number, string or boolean is left alone: rewriting it would add a Yjs item
 * (bytes in the update log, work for every watcher) and change nothing.
 */
function applyPatch(map: Y.Map<unknown>, patch: Record<string, unknown>, rules: FieldRules): void {
  for (const key in patch) {
    if (!Object.hasOwn(patch, key)) continue;
    const value = patch[key];
    if (value === undefined) {
      if (rules[key]?.optional && map.has(key)) map.delete(key);
    } else if (typeof value === 'object' && value !== null) {
      map.set(key, JSON.parse(JSON.stringify(value)));
    } else if (map.get(key) !== value) {
      map.set(key, value);
    }
  }
}

const oneOf =
  (allowed: readonly string[]): FieldCheck =>
  (key, value) => {
    if (typeof value !== 'string' || !allowed.includes(value))
      throw new RangeError(`${key} must be one of ${allowed}`);
  };

const numbersIn =
  (fields: readonly string[]): FieldCheck =>
  (key, value) => {
    if (typeof value !== 'object' || value === null) throw new TypeError(`${key} must be an object`);
    for (const f of fields) checkTime(`${key}.${f}`, (value as Record<string, unknown>)[f]);
  };

function checkBoolean(key: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new TypeError(`${key} must be a boolean`);
}

function checkStringRecord(key: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${key} must be an object`);
  for (const [k, v] of Object.entries(value)) checkString(`${key}.${k}`, v);
}

function checkAttempts(key: string, value: unknown): void {
  if (!Array.isArray(value)) throw new TypeError(`${key} must be an array`);
  for (const [i, item] of value.entries()) {
    const a = item as Partial<NodeAttempt> | null;
    if (typeof a !== 'object' || a === null) throw new TypeError(`${key}[${i}] must be an object`);
    checkTime(`${key}[${i}].attempt`, a.attempt);
    checkString(`${key}[${i}].provider`, a.provider);
    checkString(`${key}[${i}].model`, a.model);
    checkTime(`${key}[${i}].startedAt`, a.startedAt);
  }
}

function checkToolCalls(key: string, value: unknown): void {
  if (!Array.isArray(value)) throw new TypeError(`${key} must be an array`);
  for (const [i, item] of value.entries()) {
    const c = item as Partial<ToolCallRecord> | null;
    if (typeof c !== 'object' || c === null) throw new TypeError(`${key}[${i}] must be an object`);
    for (const f of ['id', 'tool', 'name', 'arguments'] as const) checkString(`${key}[${i}].${f}`, c[f]);
    oneOf(TOOL_CALL_STATUSES)(`${key}[${i}].status`, c.status);
    checkTime(`${key}[${i}].iteration`, c.iteration);
    checkTime(`${key}[${i}].startedAt`, c.startedAt);
  }
}

function checkMemoryReads(key: string, value: unknown): void {
  if (!Array.isArray(value)) throw new TypeError(`${key} must be an array`);
  for (const [i, item] of value.entries()) {
    const r = item as Partial<MemoryReadRecord> | null;
    if (typeof r !== 'object' || r === null) throw new TypeError(`${key}[${i}] must be an object`);
    checkString(`${key}[${i}].id`, r.id);
    checkString(`${key}[${i}].content`, r.content);
  }
}

/** Memory entries a run's nodes read and wrote: the run view's counts. */
export function countMemoryUse(run: RunSnapshot): { reads: number; writes: number } {
  let reads = 0;
  let writes = 0;
  for (const node of Object.values(run.nodes)) {
    reads += node.memoryReads?.length ?? 0;
    if (node.memoryWritten) writes += 1;
  }
  return { reads, writes };
}

const META_FIELDS: FieldRules = {
  workflowId: { check: checkString, optional: false },
  versionId: { check: checkString, optional: false },
  status: { check: oneOf(RUN_STATUSES), optional: false },
  requestedBy: { check: checkString, optional: false },
  createdAt: { check: checkTime, optional: false },
  startedAt: { check: checkTime, optional: true },
  finishedAt: { check: checkTime, optional: true },
  error: { check: checkString, optional: true },
  inputs: { check: checkStringRecord, optional: true },
  cost: { check: checkTime, optional: true },
  cancelRequestedAt: { check: checkTime, optional: true },
  versionSource: { check: oneOf(RUN_VERSION_SOURCES), optional: true },
  versionName: { check: checkString, optional: true },
  parentRunId: { check: checkString, optional: true },
  parentNodeId: { check: checkString, optional: true },
  totals: {
    check: numbersIn(['inputTokens', 'outputTokens', 'nodesSucceeded', 'nodesFailed']),
    optional: false,
  },
};

const NODE_FIELDS: FieldRules = {
  status: { check: oneOf(NODE_RUN_STATUSES), optional: false },
  attempt: { check: checkTime, optional: false },
  startedAt: { check: checkTime, optional: true },
  finishedAt: { check: checkTime, optional: true },
  error: { check: checkString, optional: true },
  usage: { check: numbersIn(['inputTokens', 'outputTokens']), optional: true },
  provider: { check: checkString, optional: true },
  model: { check: checkString, optional: true },
  errorCode: { check: checkString, optional: true },
  input: { check: checkString, optional: true },
  cost: { check: checkTime, optional: true },
  branch: { check: checkString, optional: true },
  restarted: { check: checkBoolean, optional: true },
  attempts: { check: checkAttempts, optional: true },
  toolCalls: { check: checkToolCalls, optional: true },
  memoryReads: { check: checkMemoryReads, optional: true },
  memoryWritten: { check: checkString, optional: true },
  approval: { check: checkApprovalRequest, optional: true },
  childRunId: { check: checkString, optional: true },
  childWorkflowId: { check: checkString, optional: true },
};

export function updateRunMeta(doc: Y.Doc, patch: Partial<Omit<RunMeta, 'runId'>>, origin: TxOrigin): void {
  checkPatch(patch, META_FIELDS);
  doc.transact(() => applyPatch(runMaps(doc).meta, patch, META_FIELDS), origin);
}

function checkNodeId(nodeId: string): void {
  if (!isValidId(nodeId)) throw new RangeError(`invalid node id ${JSON.stringify(nodeId)}`);
}

/** The node's entry, created (queued, attempt 0, empty output) if missing or unreadable. */
function ensureNodeRun(nodes: Y.Map<Y.Map<unknown>>, nodeId: string): Y.Map<unknown> {
  const current = nodes.get(nodeId);
  if (current instanceof Y.Map) return current;
  const entry = new Y.Map<unknown>();
  nodes.set(nodeId, entry);
  entry.set('status', 'queued');
  entry.set('attempt', 0);
  entry.set('output', new Y.Text());
  return entry;
}

function ensureOutput(entry: Y.Map<unknown>): Y.Text {
  const output = entry.get('output');
  if (output instanceof Y.Text) return output;
  const text = new Y.Text();
  entry.set('output', text);
  return text;
}

/** A change to a node's entry; `undefined` on an optional field deletes it. */
export type NodeRunPatch = Partial<Omit<NodeRunState, 'output'>>;

/** Throws on what `updateNodeRun` would refuse, without writing: a writer that defers can fail early. */
export function checkNodeRunPatch(nodeId: string, patch: NodeRunPatch): void {
  checkNodeId(nodeId);
  checkPatch(patch, NODE_FIELDS);
}

export function updateNodeRun(doc: Y.Doc, nodeId: string, patch: NodeRunPatch, origin: TxOrigin): void {
  checkNodeRunPatch(nodeId, patch);
  doc.transact(() => applyPatch(ensureNodeRun(runMaps(doc).nodes, nodeId), patch, NODE_FIELDS), origin);
}

/** One node's queued change, applied in the order a writer takes them: output reset, appended text, fields. */
export interface NodeRunWrite {
  resetOutput?: boolean;
  append?: string;
  patch?: NodeRunPatch;
}

/**
 * Writes queued changes of many nodes as one transaction (one update for every watcher), finding each
 * node's entry once. Everything is checked before anything is written.
 */
export function writeNodeRuns(doc: Y.Doc, writes: ReadonlyMap<string, NodeRunWrite>, origin: TxOrigin): void {
  for (const [nodeId, write] of writes) {
    checkNodeId(nodeId);
    if (write.append !== undefined) checkString('text', write.append);
    if (write.patch) checkPatch(write.patch, NODE_FIELDS);
  }
  doc.transact(() => {
    const { nodes } = runMaps(doc);
    for (const [nodeId, write] of writes) {
      const entry = ensureNodeRun(nodes, nodeId);
      if (write.resetOutput || write.append) {
        const output = ensureOutput(entry);
        if (write.resetOutput && output.length > 0) output.delete(0, output.length);
        if (write.append) output.insert(output.length, write.append);
      }
      if (write.patch) applyPatch(entry, write.patch, NODE_FIELDS);
    }
  }, origin);
}

/** Appends streamed text; the runner coalesces tokens (every ~30-50 ms) before calling this. */
export function appendNodeOutput(doc: Y.Doc, nodeId: string, text: string, origin: TxOrigin): void {
  checkNodeId(nodeId);
  checkString('text', text);
  doc.transact(() => {
    const output = ensureOutput(ensureNodeRun(runMaps(doc).nodes, nodeId));
    if (text.length > 0) output.insert(output.length, text);
  }, origin);
}

/** Empties the output before a visible restart of the node (e.g. a retry after tokens were written). */
export function resetNodeOutput(doc: Y.Doc, nodeId: string, origin: TxOrigin): void {
  checkNodeId(nodeId);
  doc.transact(() => {
    const output = ensureOutput(ensureNodeRun(runMaps(doc).nodes, nodeId));
    if (output.length > 0) output.delete(0, output.length);
  }, origin);
}

/** The live output Y.Text of a node, for streaming views; null if the node has no entry. */
export function getNodeOutputText(doc: Y.Doc, nodeId: string): Y.Text | null {
  const entry = runMaps(doc).nodes.get(nodeId);
  const output = entry instanceof Y.Map ? entry.get('output') : undefined;
  return output instanceof Y.Text ? output : null;
}
