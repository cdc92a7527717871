// The Sub-workflow node in real Chromium: Ada adds one from the palette, picks the workflow to call and
// its version, and fills the inputs that version declares (a reference the run could not satisfy is
// shown as a problem); Bob sees the same settings in his browser, and a viewer sees them read-only. Then the run view: a parent run whose
// node links its nested run, and the nested run's link back to the run and node that called it. The run
// documents are written to the server's store as the runner writes them (the runner's side of
// sub-workflows is built separately), so this checks the web app against the run-document contract.
import { createDocumentStore, createRunsRepo } from '@synapse/db';
import {
  addNode,
  createWorkflowEntry,
  indexDocName,
  initRunDoc,
  RUNNER_ORIGIN,
  readWorkflow,
  runDocName,
  setLastRunId,
  setNodeField,
  USER_ORIGIN,
  updateNodeRun,
  updateRunMeta,
  type WorkflowGraph,
  workflowDocName,
} from '@synapse/schema';
import { createTestUsers } from '@synapse/testkit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, openDoc } from '../test/integration/support/openDoc';
import {
  type EditorHarness,
  openWorkflow,
  selectNode,
  shot,
  startEditorHarness,
  waitForText,
  waitForValue,
} from './editor-harness';

let h: EditorHarness;
let childId: string;
let v1: string;
let v2: string;

const TEXT = { name: 'text', type: 'text', default: '', description: 'What to summarize', required: true };
const TONE = { name: 'tone', type: 'string', default: 'plain' };

/** Lists workflows in the workspace index as their creator would (seedWorkflow writes only the document). */
async function listInIndex(entries: { id: string; name: string }[]): Promise<void> {
  const index = openDoc(h.stack.syncUrl, indexDocName('default'), () => h.ada.syncToken());
  try {
    await index.synced();
    for (const e of entries)
      createWorkflowEntry(index.doc, e.id, { name: e.name, createdAt: Date.now() }, USER_ORIGIN);
    await eventually(() => index.provider.unsyncedChanges === 0, 'index saved');
  } finally {
    index.destroy();
  }
}

/** Saves the workflow as the server holds it under `name` (and publishes it when asked); the version id. */
async function saveVersion(workflowId: string, name: string, publish = false): Promise<string> {
  const base = `/api/workspaces/default/workflows/${workflowId}/versions`;
  const saved = await h.ada.request(base, { body: { name } });
  expect(saved.status).toBe(201);
  const { version } = (await saved.json()) as { version: { id: string } };
  if (publish) expect((await h.ada.request(`${base}/${version.id}/publish`, { body: {} })).status).toBe(200);
  return version.id;
}

async function nodeIds(page: Page): Promise<string[]> {
  return page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
}

async function optionLabels(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).locator('option').allTextContents();
}

beforeAll(async () => {
  h = await startEditorHarness();
  // "Summarize" declares `text`; v1 (published) has only it, v2 adds `tone`.
  let inputNode = '';
  childId = await h.seedWorkflow(h.ada, 'Summarize', (doc) => {
    inputNode = addNode(
      doc,
      { type: 'input', position: { x: 0, y: 0 }, data: { label: 'Text', variables: [TEXT] } },
      USER_ORIGIN,
    );
    addNode(doc, { type: 'output', position: { x: 320, y: 0 }, data: { label: 'Summary' } }, USER_ORIGIN);
  });
  await listInIndex([{ id: childId, name: 'Summarize' }]);
  v1 = await saveVersion(childId, 'v1', true);
  const child = openDoc(h.stack.syncUrl, workflowDocName('default', childId), () => h.ada.syncToken());
  try {
    await child.synced();
    setNodeField(child.doc, inputNode, 'variables', [TEXT, TONE], USER_ORIGIN);
    await eventually(() => child.provider.unsyncedChanges === 0, 'child saved');
  } finally {
    child.destroy();
  }
  v2 = await saveVersion(childId, 'v2 with tone');
});

afterAll(async () => {
  await h?.close();
});

describe('Sub-workflow node', () => {
  it('picks the workflow and version to call, fills the inputs it declares, and syncs to a second browser', async () => {
    const parentId = await h.seedWorkflow(h.ada, 'Weekly report', (doc) => {
      addNode(
        doc,
        {
          type: 'input',
          position: { x: 0, y: 0 },
          data: { label: 'Topic', variables: [{ name: 'topic', type: 'string', default: '' }] },
        },
        USER_ORIGIN,
      );
    });
    await listInIndex([{ id: parentId, name: 'Weekly report' }]);
    const url = h.workflowUrl(parentId);
    const a = await h.newPage(h.ada);
    await openWorkflow(a, url, 1);
    const before = new Set(await nodeIds(a));

    await a.getByTestId('palette-subworkflow').click();
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 2);
    const id = (await nodeIds(a)).find((n) => !before.has(n)) as string;
    await a.locator(`[data-testid="node-inspector"][data-node-id="${id}"]`).waitFor();
    await waitForText(a, `node-calls-${id}`, 'No workflow chosen');

    // The workflow being edited is never offered: it would call itself.
    await a.getByTestId('subworkflow-workflow').locator('option', { hasText: 'Summarize' }).waitFor({
      state: 'attached',
    });
    expect(await optionLabels(a, 'subworkflow-workflow')).toEqual(['Choose a workflow…', 'Summarize']);
    await a.getByTestId('subworkflow-workflow').selectOption({ label: 'Summarize' });

    // The published version (v1) declares only `text`.
    await a.getByTestId('subworkflow-input-text').waitFor();
    expect(await a.getByTestId('subworkflow-input-tone').count()).toBe(0);
    await waitForText(a, `node-calls-${id}`, 'Summarize · Published');
    expect(await optionLabels(a, 'subworkflow-version')).toEqual([
      'Published version (v1)',
      'v2 with tone',
      'v1',
    ]);

    // Pinning v2 offers its second input.
    await a.getByTestId('subworkflow-version').selectOption({ label: 'v2 with tone' });
    await a.getByTestId('subworkflow-input-tone').waitFor();
    await waitForText(a, `node-calls-${id}`, 'Summarize · v2 with tone');

    // `{{input.topic}}` is a problem here (no Input node is upstream yet), like in any other panel.
    await a.getByTestId('subworkflow-input-text').fill('{{input.topic}}');
    await a.getByTestId('subworkflow-input-problems-text').getByText('{{input.topic}}').waitFor();
    await a.getByTestId('subworkflow-input-tone').fill('dry');
    await waitForText(a, 'sync-status', 'Saved');
    await shot(a, 'subworkflow-settings');

    // Bob, in his own browser, sees the same call and values.
    const b = await h.newPage(h.bob);
    await openWorkflow(b, url, 2);
    await waitForText(b, `node-calls-${id}`, 'Summarize · v2 with tone');
    await selectNode(b, id);
    await waitForValue(b, 'subworkflow-input-text', '{{input.topic}}');
    await waitForValue(b, 'subworkflow-input-tone', 'dry');
    expect(await b.getByTestId('subworkflow-version').inputValue()).toBe(v2);

    // Back to the published version: `tone` is not declared there, so it is listed apart to remove.
    await a.getByTestId('subworkflow-version').selectOption('');
    await a.getByTestId('subworkflow-extra-inputs').getByText('tone').waitFor();
    await a.getByRole('button', { name: 'Remove input tone' }).click();
    await a.getByTestId('subworkflow-extra-inputs').waitFor({ state: 'detached' });
    await b.getByTestId('subworkflow-input-tone').waitFor({ state: 'detached' });
    await waitForText(b, `node-calls-${id}`, 'Summarize · Published');

    // A viewer sees the call but cannot change it.
    const users = createTestUsers(h.stack.url);
    const viewer = await users.signUp({
      name: 'Vera Viewer',
      inviteToken: await users.invite(h.ada, 'default', 'viewer'),
    });
    const v = await h.newPage(viewer);
    await v.goto(url);
    await waitForText(v, `node-calls-${id}`, 'Summarize · Published');
    await selectNode(v, id);
    await waitForValue(v, 'subworkflow-input-text', '{{input.topic}}');
    expect(await v.getByTestId('subworkflow-workflow').isDisabled()).toBe(true);
    expect(await v.getByTestId('subworkflow-version').isDisabled()).toBe(true);
    expect(await v.getByTestId('subworkflow-input-text').getAttribute('readonly')).not.toBeNull();
    expect(h.errorsOf(a)).toEqual([]);
    expect(h.errorsOf(b)).toEqual([]);
  });

  it('says plainly when the called version declares no inputs', async () => {
    const loneId = await h.seedWorkflow(h.ada, 'No inputs');
    await listInIndex([{ id: loneId, name: 'No inputs' }]);
    await saveVersion(loneId, 'first', true);
    const parentId = await h.seedWorkflow(h.ada, 'Caller of nothing', (doc) => {
      addNode(
        doc,
        { type: 'subworkflow', position: { x: 0, y: 0 }, data: { label: 'Call', workflowId: loneId } },
        USER_ORIGIN,
      );
    });
    const a = await h.newPage(h.ada);
    await openWorkflow(a, h.workflowUrl(parentId), 1);
    const [id] = await nodeIds(a);
    await selectNode(a, id as string);
    await a.getByTestId('subworkflow-no-inputs').waitFor();
    await waitForText(a, `node-calls-${id}`, 'No inputs · Published');
  });
});

describe('Sub-workflow run view', () => {
  it('links a node to its nested run, shows that run’s nodes, and links the nested run back', async () => {
    const sql = h.stack.server.database.sql;
    const runs = createRunsRepo(sql);
    const store = createDocumentStore(sql);
    const parentRun = 'run-parent-e2e';
    const childRun = 'run-child-e2e';
    const parentId = await h.seedWorkflow(h.ada, 'Digest', (doc) => {
      addNode(
        doc,
        {
          type: 'subworkflow',
          position: { x: 0, y: 0 },
          data: {
            label: 'Summarize it',
            key: 'summarize',
            workflowId: childId,
            versionId: v1,
            inputs: [{ name: 'text', value: 'CRDTs' }],
          },
        },
        USER_ORIGIN,
      );
      setLastRunId(doc, parentRun, USER_ORIGIN);
    });
    await listInIndex([{ id: parentId, name: 'Digest' }]);
    const parentVersion = await saveVersion(parentId, 'as run');

    // The two run documents, as the runner leaves them when the child has finished and the parent goes on.
    const now = Date.now();
    const parentGraph = await graphOf(parentId);
    const callNode = parentGraph.nodes[0]?.id as string;
    const childGraph = await versionGraph(childId, v1);
    const parentDoc = runDocument(parentRun, parentId, parentVersion, parentGraph, now, (doc) => {
      updateNodeRun(
        doc,
        callNode,
        { status: 'succeeded', attempt: 1, childRunId: childRun, childWorkflowId: childId },
        RUNNER_ORIGIN,
      );
    });
    const childDoc = runDocument(childRun, childId, v1, childGraph, now, (doc) => {
      updateRunMeta(doc, { parentRunId: parentRun, parentNodeId: callNode }, RUNNER_ORIGIN);
      for (const node of childGraph.nodes)
        updateNodeRun(doc, node.id, { status: 'succeeded', attempt: 1 }, RUNNER_ORIGIN);
    });
    await store.appendUpdates([
      { docName: runDocName('default', parentRun), update: Y.encodeStateAsUpdate(parentDoc) },
      { docName: runDocName('default', childRun), update: Y.encodeStateAsUpdate(childDoc) },
    ]);
    for (const [id, workflowId, versionId] of [
      [parentRun, parentId, parentVersion],
      [childRun, childId, v1],
    ] as const) {
      await runs.create({
        id,
        workspaceId: 'default',
        workflowId,
        versionId,
        requestedBy: h.ada.id,
        inputs: {},
        createdAt: now,
      });
      await runs.update(id, { status: 'succeeded', startedAt: now, finishedAt: now + 1200 });
    }

    const a = await h.newPage(h.ada);
    await openWorkflow(a, h.workflowUrl(parentId), 1);
    await waitForText(a, `run-child-status-${callNode}`, 'succeeded');
    const nested = a.getByTestId(`run-child-${callNode}`);
    await nested.getByText('Summary').waitFor();
    expect(await nested.textContent()).toContain('Nested run of Summarize');
    await a.getByTestId(`run-node-${callNode}`).scrollIntoViewIfNeeded();
    await shot(a, 'subworkflow-run-card');

    await a.getByTestId(`run-child-open-${callNode}`).click();
    await a.waitForURL(`**/w/default/history/${childRun}`);
    await waitForText(a, 'run-detail-title', 'Summarize');
    await a.getByTestId('run-parent').getByText('Summarize it').waitFor();
    expect(await a.getByTestId('run-parent-link').textContent()).toBe(
      `Digest · run ${parentRun.slice(0, 8)}`,
    );
    await shot(a, 'subworkflow-nested-run');
    await a.getByTestId('run-parent-link').click();
    await a.waitForURL(`**/w/default/history/${parentRun}`);
    await a.getByTestId(`run-child-${callNode}`).waitFor();
    expect(h.errorsOf(a)).toEqual([]);
  });
});

/** The workflow as the server holds it (what a run freezes). */
async function graphOf(workflowId: string): Promise<WorkflowGraph> {
  const flow = openDoc(h.stack.syncUrl, workflowDocName('default', workflowId), () => h.ada.syncToken());
  try {
    await flow.synced();
    return readWorkflow(flow.doc);
  } finally {
    flow.destroy();
  }
}

async function versionGraph(workflowId: string, versionId: string): Promise<WorkflowGraph> {
  const response = await h.ada.request(
    `/api/workspaces/default/workflows/${workflowId}/versions/${versionId}`,
  );
  return ((await response.json()) as { version: { graph: WorkflowGraph } }).version.graph;
}

function runDocument(
  runId: string,
  workflowId: string,
  versionId: string,
  graph: WorkflowGraph,
  at: number,
  build: (doc: Y.Doc) => void,
): Y.Doc {
  const doc = new Y.Doc();
  initRunDoc(
    doc,
    { runId, workflowId, versionId, requestedBy: h.ada.id, createdAt: at, graph },
    RUNNER_ORIGIN,
  );
  updateRunMeta(doc, { status: 'succeeded', startedAt: at, finishedAt: at + 1200 }, RUNNER_ORIGIN);
  build(doc);
  return doc;
}
