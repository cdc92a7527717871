// The editor's Export menu downloads the workflow as code: the Python script and the TypeScript module
// that `synapse export` writes for the same document, named after the workflow.
import { readFile } from 'node:fs/promises';
import { exportWorkflow } from '@synapse/export';
import {
  addNode,
  connect,
  deriveValidGraph,
  initWorkflowDoc,
  parseWorkflowFile,
  readWorkflow,
  USER_ORIGIN,
} from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type EditorHarness, openWorkflow, shot, startEditorHarness } from './editor-harness';
import { listInIndex } from './workspaceSeeding';

let h: EditorHarness;

beforeAll(async () => {
  h = await startEditorHarness();
});

afterAll(async () => {
  await h?.close();
});

function buildBrief(doc: Y.Doc): void {
  const topic = addNode(
    doc,
    { id: 'topic', type: 'input', position: { x: 0, y: 0 }, data: { label: 'Topic', value: 'tides' } },
    USER_ORIGIN,
  );
  const writer = addNode(
    doc,
    {
      id: 'writer',
      type: 'agent',
      position: { x: 300, y: 0 },
      data: {
        label: 'Writer',
        provider: 'openai',
        model: 'gpt-4o-mini',
        userPrompt: 'Write about {{input}}',
      },
    },
    USER_ORIGIN,
  );
  const out = addNode(doc, { id: 'out', type: 'output', position: { x: 600, y: 0 } }, USER_ORIGIN);
  connect(doc, { source: topic, target: writer }, USER_ORIGIN);
  connect(doc, { source: writer, target: out }, USER_ORIGIN);
}

async function download(page: Page, item: 'python' | 'ts' | 'file') {
  await page.getByTestId('export-menu-button').click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`export-${item}`).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

describe('export as code from the editor', () => {
  it('downloads the Python script and the TypeScript module synapse export writes', async () => {
    const workflowId = await h.seedWorkflow(h.ada, 'Research brief', buildBrief);
    // What synapse export writes for the same document.
    const doc = new Y.Doc();
    initWorkflowDoc(doc, { name: 'Research brief' }, USER_ORIGIN);
    buildBrief(doc);
    const graph = deriveValidGraph(readWorkflow(doc)).graph;

    const page = await h.newPage(h.ada);
    await openWorkflow(page, h.workflowUrl(workflowId), 3);
    await page.getByTestId('export-menu-button').click();
    await page.getByTestId('export-ts').waitFor();
    await shot(page, 'export-menu');
    await page.keyboard.press('Escape');

    const python = await download(page, 'python');
    expect(python.name).toBe('research_brief.py');
    expect(
      python.text.startsWith(
        '#!/usr/bin/env python3\n# Research brief: a Synapse workflow exported as code.',
      ),
    ).toBe(true);
    expect(python.text).toBe(exportWorkflow(graph, { lang: 'python' }));

    const typescript = await download(page, 'ts');
    expect(typescript.name).toBe('research-brief.mts');
    expect(typescript.text.startsWith('// Research brief: a Synapse workflow exported as code.')).toBe(true);
    expect(typescript.text).toContain("\nimport OpenAI from 'openai';\n");
    expect(typescript.text).not.toContain('@anthropic-ai/sdk');
    expect(typescript.text).toBe(exportWorkflow(graph, { lang: 'ts' }));
    expect(h.errorsOf(page)).toEqual([]);
  });

  it('says why a workflow that cannot run cannot be exported as code', async () => {
    const workflowId = await h.seedWorkflow(h.ada, 'Nothing yet');
    const page = await h.newPage(h.ada);
    await openWorkflow(page, h.workflowUrl(workflowId), 0);
    let downloaded = false;
    page.on('download', () => {
      downloaded = true;
    });
    await page.getByTestId('export-menu-button').click();
    await page.getByTestId('export-python').click();
    await page.getByTestId('export-problem').waitFor();
    expect(await page.getByTestId('export-problem').textContent()).toMatch(/^Cannot export as code: /);
    await shot(page, 'export-problem');
    expect(downloaded).toBe(false);
  });

  it('bundles the published version a Sub-workflow node calls into the file and into the code', async () => {
    const childId = await h.seedWorkflow(h.ada, 'Summarizer', (doc) => {
      const text = addNode(
        doc,
        {
          id: 'text',
          type: 'input',
          position: { x: 0, y: 0 },
          data: { label: 'Text', variables: [{ name: 'text', type: 'text', default: '' }] },
        },
        USER_ORIGIN,
      );
      const out = addNode(doc, { id: 'out', type: 'output', position: { x: 300, y: 0 } }, USER_ORIGIN);
      connect(doc, { source: text, target: out }, USER_ORIGIN);
    });
    // Listed in the workspace as a workflow made in the editor is: only live workflows are called.
    await listInIndex(h, [{ id: childId, name: 'Summarizer' }]);
    const versions = `/api/workspaces/default/workflows/${childId}/versions`;
    const { version } = (await (await h.ada.request(versions, { body: { name: 'Release 1' } })).json()) as {
      version: { id: string };
    };
    expect((await h.ada.request(`${versions}/${version.id}/publish`, { method: 'POST' })).status).toBe(200);
    const buildCaller = (doc: Y.Doc) => {
      const brief = addNode(
        doc,
        {
          id: 'brief',
          type: 'subworkflow',
          position: { x: 0, y: 0 },
          data: {
            label: 'Brief',
            workflowId: childId,
            versionId: '',
            inputs: [{ name: 'text', value: 'tides' }],
          },
        },
        USER_ORIGIN,
      );
      const out = addNode(doc, { id: 'out', type: 'output', position: { x: 300, y: 0 } }, USER_ORIGIN);
      connect(doc, { source: brief, target: out }, USER_ORIGIN);
    };
    const callerId = await h.seedWorkflow(h.ada, 'Caller', buildCaller);
    const page = await h.newPage(h.ada);
    await openWorkflow(page, h.workflowUrl(callerId), 2);

    const file = await download(page, 'file');
    expect(file.name).toBe('caller.synapse.json');
    const parsed = parseWorkflowFile(file.text);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(JSON.parse(file.text).version).toBe(2);
    // The called workflow as published when the file was written, recorded as that version.
    expect(Object.keys(parsed.subworkflows)).toEqual([`${childId}@`]);
    expect(parsed.subworkflows[`${childId}@`]?.versionId).toBe(version.id);
    expect(parsed.subworkflows[`${childId}@`]?.workflow.name).toBe('Summarizer');

    const doc = new Y.Doc();
    initWorkflowDoc(doc, { name: 'Caller' }, USER_ORIGIN);
    buildCaller(doc);
    const graph = deriveValidGraph(readWorkflow(doc)).graph;
    const python = await download(page, 'python');
    expect(python.text).toBe(exportWorkflow(graph, { lang: 'python', subworkflows: parsed.subworkflows }));
    expect(python.text).toContain(
      `#   Summarizer (${childId}@, the version published when exported: ${version.id})`,
    );
    expect(h.errorsOf(page)).toEqual([]);
  });
});
