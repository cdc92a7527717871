import {
  appendNodeOutput,
  initRunDoc,
  RUNNER_ORIGIN,
  resetNodeOutput,
  SERVER_ORIGIN,
  updateNodeRun,
  updateRunMeta,
  type WorkflowGraph,
} from '@synapse/schema';
import type { RunEvent } from '@synapse/schema/api';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { observeRunEvents } from './observeRunEvents';

const graph = {
  name: 'g',
  nodes: [
    { id: 'a', type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Writer' } },
    { id: 'b', type: 'output', position: { x: 1, y: 0 }, data: { label: 'Result' } },
  ],
  edges: [],
} as unknown as WorkflowGraph;

function runDoc(): Y.Doc {
  const doc = new Y.Doc();
  initRunDoc(
    doc,
    { runId: 'r1', workflowId: 'w1', versionId: 'v1', requestedBy: 'u', createdAt: 1, graph },
    SERVER_ORIGIN,
  );
  return doc;
}

const brief = (e: RunEvent) =>
  e.event === 'token'
    ? `token ${e.data.nodeId} ${e.data.delta}`
    : `${e.event} ${'nodeId' in e.data ? e.data.nodeId : ''}`;

describe('observeRunEvents', () => {
  it('replays what a late watcher missed, then follows the runner; the terminal status comes after its transaction', async () => {
    const doc = runDoc();
    updateNodeRun(doc, 'a', { status: 'running', startedAt: 2 }, RUNNER_ORIGIN);
    appendNodeOutput(doc, 'a', 'Hello', RUNNER_ORIGIN);
    const events: RunEvent[] = [];
    const ends: string[] = [];
    const stop = observeRunEvents(
      doc,
      (e) => events.push(e),
      (s) => ends.push(s),
    );
    appendNodeOutput(doc, 'a', ', world', RUNNER_ORIGIN);
    resetNodeOutput(doc, 'a', RUNNER_ORIGIN);
    appendNodeOutput(doc, 'a', 'Hi', RUNNER_ORIGIN);
    // One transaction: the last text and the finish arrive together; the text comes first.
    doc.transact(() => {
      appendNodeOutput(doc, 'a', '!', RUNNER_ORIGIN);
      updateNodeRun(doc, 'a', { status: 'succeeded', finishedAt: 3 }, RUNNER_ORIGIN);
      updateNodeRun(doc, 'b', { status: 'running', startedAt: 3 }, RUNNER_ORIGIN);
      appendNodeOutput(doc, 'b', 'Hi!', RUNNER_ORIGIN);
      updateNodeRun(doc, 'b', { status: 'succeeded', finishedAt: 3 }, RUNNER_ORIGIN);
      updateRunMeta(doc, { status: 'succeeded', finishedAt: 3 }, RUNNER_ORIGIN);
    }, RUNNER_ORIGIN);
    expect(ends).toEqual([]);
    await Promise.resolve();
    expect(ends).toEqual(['succeeded']);
    expect(events.map(brief)).toEqual([
      'node.started a',
      'token a Hello',
      'token a , world',
      'output.reset a',
      'token a Hi',
      'node.started b',
      'token a !',
      'token b Hi!',
      'node.finished a',
      'node.finished b',
    ]);
    expect(events[0]).toEqual({
      event: 'node.started',
      data: { nodeId: 'a', label: 'Writer', type: 'agent' },
    });
    stop();
    appendNodeOutput(doc, 'a', 'ignored', RUNNER_ORIGIN);
    expect(events).toHaveLength(10);
  });

  it('reports a run that had already finished when observed', () => {
    const doc = runDoc();
    updateRunMeta(doc, { status: 'cancelled', finishedAt: 2 }, SERVER_ORIGIN);
    const ends: string[] = [];
    observeRunEvents(
      doc,
      () => {},
      (s) => ends.push(s),
    );
    expect(ends).toEqual(['cancelled']);
  });
});
