import * as Y from 'yjs';
import { normalizeGraph } from './normalizeGraph';
import { isPlainRecord, readEntries, readField, readFiniteNumber, readString } from './readUntrusted';
import {
  GRAPH_JSON_KEY,
  NODE_RUN_STATUSES,
  type NodeRunState,
  type NodeRunStatus,
  RUN_STATUSES,
  type RunMeta,
  type RunSnapshot,
  type RunStatus,
  runMaps,
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
  const error = meta.get('error');
  if (startedAt !== undefined) out.startedAt = startedAt;
  if (finishedAt !== undefined) out.finishedAt = finishedAt;
  if (typeof error === 'string') out.error = error;
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
  for (const key of ['error', 'provider', 'model'] as const) {
    const value = readField(entry, key);
    if (typeof value === 'string') out[key] = value;
  }
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
