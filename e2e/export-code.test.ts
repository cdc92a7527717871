// The editor's Export menu downloads the workflow as code: the Python script and the TypeScript module
// that `synapse export` writes for the same document, named after the workflow.
import { readFile } from 'node:fs/promises';
import { exportWorkflow } from '@synapse/export';
import {
  addNode,
  connect,
  deriveValidGraph,
  initWorkflowDoc,
  readWorkflow,
  USER_ORIGIN,
} from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type EditorHarness, openWorkflow, shot, startEditorHarness } from './editor-harness';

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

async function download(page: Page, item: 'python' | 'ts') {
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
});
