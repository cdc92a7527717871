import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { connect, disconnect } from './connect';
import { removeWorkflowEntry, upsertWorkflowEntry } from './indexDoc';
import { migrateDoc } from './migrations';
import { moveNode } from './moveNode';
import { MIGRATION_ORIGIN, RUNNER_ORIGIN, type TxOrigin, USER_ORIGIN } from './origins';
import { pruneDanglingEdges } from './pruneDanglingEdges';
import { removeNode } from './removeNode';
import { appendNodeOutput, initRunDoc, resetNodeOutput, updateNodeRun, updateRunMeta } from './runDoc';
import { setNodeField } from './setNodeField';
import { graphFixture } from './test/graphFixture';
import { initWorkflowDoc, setLastRunId, setWorkflowDescription, setWorkflowName } from './workflowDoc';

function seededWorkflow(): Y.Doc {
  const doc = new Y.Doc();
  addNode(doc, { id: 'a', type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
  addNode(doc, { id: 'b', type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
  connect(doc, { source: 'a', target: 'b' }, USER_ORIGIN);
  return doc;
}

function seededRun(): Y.Doc {
  const doc = new Y.Doc();
  const init = {
    runId: 'r',
    workflowId: 'w',
    versionId: 'v',
    requestedBy: 'u',
    createdAt: 1,
    graph: graphFixture(['a']),
  };
  initRunDoc(doc, init, RUNNER_ORIGIN);
  return doc;
}

const cases: [string, () => Y.Doc, (doc: Y.Doc, origin: TxOrigin) => unknown][] = [
  ['initWorkflowDoc', () => new Y.Doc(), (d, o) => initWorkflowDoc(d, { name: 'n' }, o)],
  ['setWorkflowName', seededWorkflow, (d, o) => setWorkflowName(d, 'n', o)],
  ['setWorkflowDescription', seededWorkflow, (d, o) => setWorkflowDescription(d, 'n', o)],
  ['setLastRunId', seededWorkflow, (d, o) => setLastRunId(d, 'r1', o)],
  ['addNode', seededWorkflow, (d, o) => addNode(d, { type: 'agent', position: { x: 0, y: 0 } }, o)],
  ['removeNode', seededWorkflow, (d, o) => removeNode(d, 'a', o)],
  ['moveNode', seededWorkflow, (d, o) => moveNode(d, 'a', { x: 1, y: 1 }, o)],
  ['setNodeField', seededWorkflow, (d, o) => setNodeField(d, 'a', 'model', 'm', o)],
  ['setNodeField prompt', seededWorkflow, (d, o) => setNodeField(d, 'a', 'userPrompt', 'p', o)],
  ['connect', seededWorkflow, (d, o) => connect(d, { source: 'b', target: 'a', sourceHandle: 'x' }, o)],
  ['connect refused', seededWorkflow, (d, o) => connect(d, { source: 'a', target: 'a' }, o)],
  ['disconnect', seededWorkflow, (d, o) => disconnect(d, 'a:out->b:in', o)],
  ['pruneDanglingEdges', seededWorkflow, (d, o) => pruneDanglingEdges(d, o)],
  [
    'initRunDoc',
    () => new Y.Doc(),
    (d, o) =>
      initRunDoc(
        d,
        {
          runId: 'r',
          workflowId: 'w',
          versionId: 'v',
          requestedBy: 'u',
          createdAt: 1,
          graph: graphFixture(['a']),
        },
        o,
      ),
  ],
  ['updateRunMeta', seededRun, (d, o) => updateRunMeta(d, { status: 'running' }, o)],
  ['updateNodeRun', seededRun, (d, o) => updateNodeRun(d, 'a', { status: 'running' }, o)],
  ['appendNodeOutput', seededRun, (d, o) => appendNodeOutput(d, 'a', 'x', o)],
  ['resetNodeOutput', seededRun, (d, o) => resetNodeOutput(d, 'a', o)],
  ['upsertWorkflowEntry', () => new Y.Doc(), (d, o) => upsertWorkflowEntry(d, 'w', { name: 'x' }, o)],
  ['removeWorkflowEntry', () => new Y.Doc(), (d, o) => removeWorkflowEntry(d, 'w', o)],
];

describe('every mutating function', () => {
  it.each(cases)('%s runs in exactly one transaction with the given origin', (_name, make, mutate) => {
    const doc = make();
    const origins: unknown[] = [];
    doc.on('beforeTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const origin: TxOrigin = { kind: 'user' };
    mutate(doc, origin);
    expect(origins).toHaveLength(1);
    expect(origins[0]).toBe(origin);
  });

  it('migrateDoc uses MIGRATION_ORIGIN', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('beforeTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    migrateDoc(doc, 'workflow');
    expect(origins).toEqual([MIGRATION_ORIGIN, MIGRATION_ORIGIN]);
  });
});
