import * as Y from 'yjs';
import { readApprovalRequest } from './approvalRequest';
import { readMapItems } from './mapItemRuns';
import { normalizeGraph } from './normalizeGraph';
import { isPlainRecord, readEntries, readField, readFiniteNumber, readString } from './readUntrusted';
import {
  GRAPH_JSON_KEY,
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
  runMaps,
  TOOL_CALL_STATUSES,
  type ToolCallRecord,
  type ToolCallStatus,
} from './runDoc';

function readStatus<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

function readCount(container: unknown, key: string): number {
  const n = readFiniteNumber(readField(container, key));
  return n !== undefined && n >= 0 ? n : 0;
}

function readMeta(meta: Y.Map<unknown>, runId: string): RunMeta {
  const totals = meta.get('totals');
  const out: RunMeta = {
    runId,
    workflowId: readString(meta.get('workflowId'), ''),
    versionId: readString(meta.get('versionId'), ''),
    status: readStatus<RunStatus>(meta.get('status'), RUN_STATUSES, 'queued'),
    requestedBy: readString(meta.get('requestedBy'), ''),
    createdAt: readFiniteNumber(meta.get('createdAt')) ?? 0,
    totals: {
      inputTokens: readCount(totals, 'inputTokens'),
      outputTokens: readCount(totals, 'outputTokens'),
      nodesSucceeded: readCount(totals, 'nodesSucceeded'),
      nodesFailed: readCount(totals, 'nodesFailed'),
    },
  };
  const startedAt = readFiniteNumber(meta.get('startedAt'));
  const finishedAt = readFiniteNumber(meta.get('finishedAt'));
  const cost = readFiniteNumber(meta.get('cost'));
  const cancelRequestedAt = readFiniteNumber(meta.get('cancelRequestedAt'));
  const error = meta.get('error');
  if (startedAt !== undefined) out.startedAt = startedAt;
  if (finishedAt !== undefined) out.finishedAt = finishedAt;
  if (cost !== undefined) out.cost = cost;
  if (cancelRequestedAt !== undefined) out.cancelRequestedAt = cancelRequestedAt;
  if (typeof error === 'string') out.error = error;
  const versionSource = RUN_VERSION_SOURCES.find((v) => v === meta.get('versionSource'));
  if (versionSource) out.versionSource = versionSource;
  const versionName = meta.get('versionName');
  if (typeof versionName === 'string') out.versionName = versionName;
  for (const key of ['parentRunId', 'parentNodeId'] as const) {
    const value = meta.get(key);
    if (typeof value === 'string') out[key] = value;
  }
  const inputs = meta.get('inputs');
  if (isPlainRecord(inputs)) {
    out.inputs = {};
    for (const [key, value] of readEntries(inputs)) if (typeof value === 'string') out.inputs[key] = value;
  }
  return out;
}

function readToolCalls(raw: unknown): ToolCallRecord[] {
  const out: ToolCallRecord[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const startedAt = readFiniteNumber(readField(item, 'startedAt'));
    const id = readField(item, 'id');
    if (startedAt === undefined || typeof id !== 'string') continue;
    const call: ToolCallRecord = {
      id,
      tool: readString(readField(item, 'tool'), ''),
      name: readString(readField(item, 'name'), ''),
      iteration: readFiniteNumber(readField(item, 'iteration')) ?? 1,
      arguments: readString(readField(item, 'arguments'), ''),
      status: readStatus<ToolCallStatus>(readField(item, 'status'), TOOL_CALL_STATUSES, 'failed'),
      startedAt,
    };
    const result = readField(item, 'result');
    if (typeof result === 'string') call.result = result;
    const durationMs = readFiniteNumber(readField(item, 'durationMs'));
    if (durationMs !== undefined) call.durationMs = durationMs;
    out.push(call);
  }
  return out;
}

function readAttempts(raw: unknown): NodeAttempt[] {
  const out: NodeAttempt[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const attempt = readFiniteNumber(readField(item, 'attempt'));
    const startedAt = readFiniteNumber(readField(item, 'startedAt'));
    if (attempt === undefined || startedAt === undefined) continue;
    const a: NodeAttempt = {
      attempt,
      provider: readString(readField(item, 'provider'), ''),
      model: readString(readField(item, 'model'), ''),
      startedAt,
    };
    const finishedAt = readFiniteNumber(readField(item, 'finishedAt'));
    if (finishedAt !== undefined) a.finishedAt = finishedAt;
    for (const key of ['code', 'error'] as const) {
      const value = readField(item, key);
      if (typeof value === 'string') a[key] = value;
    }
    out.push(a);
  }
  return out;
}

function readNodeRun(entry: unknown): NodeRunState {
  const attempt = readFiniteNumber(readField(entry, 'attempt'));
  const out: NodeRunState = {
    status: readStatus<NodeRunStatus>(readField(entry, 'status'), NODE_RUN_STATUSES, 'queued'),
    attempt: attempt !== undefined && attempt >= 0 ? Math.floor(attempt) : 0,
    output: readString(readField(entry, 'output'), ''),
  };
  const startedAt = readFiniteNumber(readField(entry, 'startedAt'));
  const finishedAt = readFiniteNumber(readField(entry, 'finishedAt'));
  if (startedAt !== undefined) out.startedAt = startedAt;
  if (finishedAt !== undefined) out.finishedAt = finishedAt;
  for (const key of ['error', 'errorCode', 'provider', 'model', 'input', 'branch'] as const) {
    const value = readField(entry, key);
    if (typeof value === 'string') out[key] = value;
  }
  const cost = readFiniteNumber(readField(entry, 'cost'));
  if (cost !== undefined) out.cost = cost;
  if (readField(entry, 'restarted') === true) out.restarted = true;
  const attempts = readAttempts(readField(entry, 'attempts'));
  if (attempts.length > 0) out.attempts = attempts;
  const toolCalls = readToolCalls(readField(entry, 'toolCalls'));
  if (toolCalls.length > 0) out.toolCalls = toolCalls;
  const memoryReads: MemoryReadRecord[] = [];
  for (const item of Array.isArray(readField(entry, 'memoryReads'))
    ? (readField(entry, 'memoryReads') as unknown[])
    : []) {
    const id = readField(item, 'id');
    if (typeof id !== 'string') continue;
    const runId = readField(item, 'runId');
    memoryReads.push({
      id,
      content: readString(readField(item, 'content'), ''),
      ...(typeof runId === 'string' ? { runId } : {}),
    });
  }
  if (memoryReads.length > 0) out.memoryReads = memoryReads;
  const approval = readApprovalRequest(readField(entry, 'approval'));
  if (approval) out.approval = approval;
  const memoryWritten = readField(entry, 'memoryWritten');
  if (typeof memoryWritten === 'string') out.memoryWritten = memoryWritten;
  for (const key of ['childRunId', 'childWorkflowId'] as const) {
    const value = readField(entry, key);
    if (typeof value === 'string') out[key] = value;
  }
  const items = readMapItems(entry);
  if (items) out.items = items;
  const usage = readField(entry, 'usage');
  if (usage !== undefined && usage !== null) {
    out.usage = {
      inputTokens: readCount(usage, 'inputTokens'),
      outputTokens: readCount(usage, 'outputTokens'),
    };
  }
  return out;
}

/**
 * Every node's status as the document holds it (`queued` if unreadable): what a runner resuming a run
 * needs per node, without reading the whole run.
 */
export function readNodeRunStatuses(doc: Y.Doc): Map<string, NodeRunStatus> {
  const statuses = new Map<string, NodeRunStatus>();
  for (const [nodeId, entry] of readEntries(runMaps(doc).nodes)) {
    if (entry instanceof Y.Map || isPlainRecord(entry))
      statuses.set(
        nodeId,
        readStatus<NodeRunStatus>(readField(entry, 'status'), NODE_RUN_STATUSES, 'queued'),
      );
  }
  return statuses;
}

/**
 * A detached plain snapshot of the run; `null` until `initRunDoc` has written `meta.runId` (a client
 * may open the document before the first sync). Unreadable fields fall back to defaults.
 */
export function readRun(doc: Y.Doc): RunSnapshot | null {
  const { meta, graph, nodes } = runMaps(doc);
  const runId = meta.get('runId');
  if (typeof runId !== 'string' || runId.length === 0) return null;
  const nodeStates: Record<string, NodeRunState> = {};
  for (const [nodeId, entry] of readEntries(nodes)) {
    if (entry instanceof Y.Map || isPlainRecord(entry)) nodeStates[nodeId] = readNodeRun(entry);
  }
  return { meta: readMeta(meta, runId), graph: normalizeGraph(graph.get(GRAPH_JSON_KEY)), nodes: nodeStates };
}
