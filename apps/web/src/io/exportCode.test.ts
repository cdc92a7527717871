import { addNode, initWorkflowDoc, USER_ORIGIN } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportCode } from './exportCode';

function docWith(name: string, provider: string | null): Y.Doc {
  const doc = new Y.Doc();
  initWorkflowDoc(doc, { name }, USER_ORIGIN);
  if (provider)
    addNode(
      doc,
      { id: 'a', type: 'agent', position: { x: 0, y: 0 }, data: { provider, model: 'm' } },
      USER_ORIGIN,
    );
  return doc;
}

describe('exportCode', () => {
  it('writes the Python script synapse export writes, named after the workflow', () => {
    const result = exportCode(docWith('Blog pipeline', 'openai'), 'python');
    expect(result).toMatchObject({ ok: true, fileName: 'blog_pipeline.py' });
    expect(result.ok && result.text.startsWith('#!/usr/bin/env python3\n# Blog pipeline:')).toBe(true);
  });

  it('writes a TypeScript module that imports only the SDK the workflow uses', () => {
    const result = exportCode(docWith('Blog pipeline', 'openai'), 'ts');
    if (!result.ok) throw new Error(result.message);
    expect(result.fileName).toBe('blog-pipeline.mts');
    expect(result.text).toContain("import OpenAI from 'openai';");
    expect(result.text).not.toContain('@anthropic-ai/sdk');
  });

  it('says why a workflow cannot be exported instead of throwing', () => {
    const result = exportCode(docWith('Empty', null), 'ts');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/\w/);
  });

  it('plans the workflows Sub-workflow nodes call from the bundle it is given, and names a missing one', () => {
    const doc = docWith('Caller', null);
    addNode(
      doc,
      {
        id: 's',
        type: 'subworkflow',
        position: { x: 0, y: 0 },
        data: { label: 'Brief', workflowId: 'wf1', versionId: '' },
      },
      USER_ORIGIN,
    );
    const child = {
      name: 'Child',
      nodes: [{ id: 'o', type: 'output' as const, position: { x: 0, y: 0 }, data: { label: 'Out' } }],
      edges: [],
    };
    const bundled = exportCode(doc, 'python', { 'wf1@': { versionId: 'v1', workflow: child } });
    if (!bundled.ok) throw new Error(bundled.message);
    expect(bundled.text).toContain('    "wf1@": {\n        "name": "Child",');
    const missing = exportCode(doc, 'python', {});
    expect(missing.ok ? '' : missing.message).toMatch(
      /^Brief: the workflow it calls \(wf1, its published version\) is not in this file/,
    );
  });
});
