import { isTerminalRunStatus, type RunStatus, readRun, runMaps } from '@synapse/schema';
import type { RunEvent } from '@synapse/schema/api';
import * as Y from 'yjs';

const NODE_DONE = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);

/**
 * A run document as a sequence of API events: node started, output deltas (`token`), tool calls, node
 * finished. What is already in the document is replayed first, so a watcher that attaches late still sees
 * every output character exactly once and in order; later changes arrive as the runner writes them.
 * `onTerminal` fires once the run's status is terminal, after the events of that transaction. Returns the
 * function that stops observing.
 */
export function observeRunEvents(
  doc: Y.Doc,
  emit: (event: RunEvent) => void,
  onTerminal: (status: RunStatus) => void,
): () => void {
  const { meta, nodes } = runMaps(doc);
  const graph = readRun(doc)?.graph;
  const describe = (nodeId: string) => {
    const node = graph?.nodes.find((n) => n.id === nodeId);
    return { label: String(node?.data.label || nodeId), type: node?.type ?? 'unknown' };
  };
  const started = new Set<string>();
  const finished = new Set<string>();
  const calls = new Map<string, string>();
  let ended = false;

  function status(nodeId: string): string {
    const value = nodes.get(nodeId)?.get('status');
    return typeof value === 'string' ? value : 'queued';
  }
  function markStarted(nodeId: string) {
    const s = status(nodeId);
    if (started.has(nodeId) || s === 'queued' || s === 'skipped') return;
    started.add(nodeId);
    emit({ event: 'node.started', data: { nodeId, ...describe(nodeId) } });
  }
  function toolCalls(nodeId: string) {
    const list = nodes.get(nodeId)?.get('toolCalls');
    for (const call of Array.isArray(list) ? list : []) {
      if (typeof call !== 'object' || call === null || typeof call.id !== 'string') continue;
      const key = `${nodeId}\u0000${call.id}`;
      const callStatus = String(call.status ?? '');
      if (calls.get(key) === callStatus) continue;
      calls.set(key, callStatus);
      emit({
        event: 'tool.call',
        data: {
          nodeId,
          id: call.id,
          tool: String(call.tool ?? ''),
          name: String(call.name ?? ''),
          arguments: String(call.arguments ?? ''),
          status: callStatus,
        },
      });
    }
  }
  function markFinished(nodeId: string) {
    const s = status(nodeId);
    if (!NODE_DONE.has(s)) {
      // Running again (a restart): it may finish again.
      finished.delete(nodeId);
      return;
    }
    if (finished.has(nodeId)) return;
    finished.add(nodeId);
    const error = nodes.get(nodeId)?.get('error');
    emit({
      event: 'node.finished',
      data: { nodeId, status: s, error: typeof error === 'string' ? error : null },
    });
  }
  function checkTerminal() {
    const s = meta.get('status');
    if (ended || typeof s !== 'string' || !isTerminalRunStatus(s as RunStatus)) return;
    ended = true;
    onTerminal(s as RunStatus);
  }

  // Replay: the state so far, node by node in graph order.
  const order = graph?.nodes.map((n) => n.id).filter((id) => nodes.has(id)) ?? [...nodes.keys()];
  for (const nodeId of order) {
    markStarted(nodeId);
    const text = nodes.get(nodeId)?.get('output');
    if (text instanceof Y.Text && text.length > 0)
      emit({ event: 'token', data: { nodeId, delta: text.toString() } });
    toolCalls(nodeId);
    markFinished(nodeId);
  }

  const onNodes = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const touched = new Set<string>();
    for (const event of events) {
      const nodeId = event.path[0];
      if (typeof nodeId === 'string') touched.add(nodeId);
      else if (event instanceof Y.YMapEvent) for (const key of event.keysChanged) touched.add(key);
    }
    // Started before its text, text before tool calls and the finish: the order a reader expects even when
    // the runner writes them in one transaction.
    for (const nodeId of touched) markStarted(nodeId);
    for (const event of events) {
      const nodeId = event.path[0];
      if (!(event.target instanceof Y.Text) || typeof nodeId !== 'string') continue;
      for (const op of event.delta) {
        if (typeof op.insert === 'string' && op.insert.length > 0)
          emit({ event: 'token', data: { nodeId, delta: op.insert } });
        else if (op.delete) emit({ event: 'output.reset', data: { nodeId } });
      }
    }
    for (const nodeId of touched) {
      toolCalls(nodeId);
      markFinished(nodeId);
    }
  };
  // Observers of one transaction all run before a microtask: the terminal status is reported after
  // the node events of the same transaction.
  const onMeta = () => queueMicrotask(checkTerminal);
  nodes.observeDeep(onNodes);
  meta.observe(onMeta);
  checkTerminal();
  return () => {
    nodes.unobserveDeep(onNodes);
    meta.unobserve(onMeta);
  };
}
