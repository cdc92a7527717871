import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportCommand, parseExportArgs } from './exportCommand';

// Until @synapse/export is linked into node_modules (npm install), resolve it from its source.

const workflow = {
  format: 'synapse.workflow',
  version: 1,
  exportedAt: '2026-11-20T00:00:00.000Z',
  workflow: {
    name: 'Export me',
    nodes: [
      {
        id: 'in',
        type: 'input',
        position: { x: 0, y: 0 },
        data: { label: 'Topic', variables: [{ name: 'topic', type: 'text', default: 'tides' }] },
      },
      {
        id: 'writer',
        type: 'agent',
        position: { x: 200, y: 0 },
        data: {
          label: 'Writer',
          provider: 'openai',
          model: 'gpt-4o-mini',
          userPrompt: 'Write about {{input.topic}}',
        },
      },
      { id: 'out', type: 'output', position: { x: 400, y: 0 }, data: { label: 'Result' } },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'writer', sourceHandle: 'out', targetHandle: 'in' },
      { id: 'e2', source: 'writer', target: 'out', sourceHandle: 'out', targetHandle: 'in' },
    ],
  },
};

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: (t: string) => {
      out.stdout += t;
    },
    stderr: (t: string) => {
      out.stderr += t;
    },
  };
  return { out, io };
}

describe('parseExportArgs', () => {
  it('reads the file, the language, --out and --name in either form', () => {
    expect(parseExportArgs(['w.json', '--lang', 'python', '--out', 'w.py', '--name=Mine'])).toEqual({
      ok: true,
      args: { file: 'w.json', lang: 'python', out: 'w.py', name: 'Mine' },
    });
    expect(parseExportArgs(['--lang=typescript', 'w.json'])).toMatchObject({
      ok: true,
      args: { lang: 'ts' },
    });
  });

  it('takes the language from the --out extension when --lang is missing', () => {
    expect(parseExportArgs(['w.json', '-o', 'w.mts'])).toMatchObject({ ok: true, args: { lang: 'ts' } });
    expect(parseExportArgs(['w.json', '-o', 'w.py'])).toMatchObject({ ok: true, args: { lang: 'python' } });
    expect(parseExportArgs(['w.json', '-o', 'w.txt'])).toMatchObject({ ok: false });
  });

  it('refuses unknown languages, options and a missing file', () => {
    expect(parseExportArgs(['w.json', '--lang', 'ruby'])).toMatchObject({ ok: false });
    expect(parseExportArgs(['w.json', '--lang', 'ts', '--fast'])).toMatchObject({ ok: false });
    expect(parseExportArgs(['--lang', 'ts'])).toMatchObject({ ok: false });
    expect(parseExportArgs(['a.json', 'b.json', '--lang', 'ts'])).toMatchObject({ ok: false });
  });
});

describe('synapse export', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-export-'));
    file = join(dir, 'workflow.json');
    await writeFile(file, JSON.stringify(workflow));
  });

  it('prints the Python script to stdout', async () => {
    const { out, io } = capture();
    expect(await exportCommand([file, '--lang', 'python'], io)).toBe(0);
    expect(out.stdout.startsWith('#!/usr/bin/env python3\n# Export me: a Synapse workflow')).toBe(true);
    expect(out.stdout).toContain('"prompt": "Write about {{input.topic}}"');
    expect(out.stderr).toBe('');
  });

  it('writes the TypeScript module to --out and says how to run it', async () => {
    const { out, io } = capture();
    const target = join(dir, 'workflow.mts');
    expect(await exportCommand([file, '--out', target, '--name', 'Renamed'], io)).toBe(0);
    const code = await readFile(target, 'utf8');
    expect(code).toContain("import OpenAI from 'openai';");
    expect(code).toContain("const WORKFLOW_NAME = 'Renamed';");
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(`node ${target}`);
  });

  it('makes a written Python script executable', async () => {
    const { io } = capture();
    const target = join(dir, 'workflow.py');
    expect(await exportCommand([file, '--out', target], io)).toBe(0);
    expect((await stat(target)).mode & 0o111).not.toBe(0);
  });

  it('refuses a workflow Synapse could not run, with the reason', async () => {
    const cyclic = structuredClone(workflow);
    cyclic.workflow.edges.push({
      id: 'e3',
      source: 'out',
      target: 'writer',
      sourceHandle: 'out',
      targetHandle: 'in',
    });
    const path = join(dir, 'cyclic.json');
    await writeFile(path, JSON.stringify(cyclic));
    const { out, io } = capture();
    expect(await exportCommand([path, '--lang', 'ts'], io)).toBe(2);
    expect(out.stderr).toContain('synapse.dag.cycle');
    expect(out.stdout).toBe('');
  });

  it("exports the workflows a file's Sub-workflow nodes call from its bundle, and refuses one it lacks", async () => {
    const caller = {
      ...workflow,
      workflow: {
        name: 'Caller',
        nodes: [
          {
            id: 'call',
            type: 'subworkflow',
            position: { x: 0, y: 0 },
            data: { label: 'Write it', workflowId: 'wf-writer', versionId: 'v2', inputs: [] },
          },
        ],
        edges: [],
      },
    };
    const lacking = join(dir, 'caller.json');
    await writeFile(lacking, JSON.stringify(caller));
    const refused = capture();
    expect(await exportCommand([lacking, '--lang', 'python'], refused.io)).toBe(2);
    expect(refused.out.stderr).toContain(
      'Write it: the workflow it calls (wf-writer, its pinned version v2) is not in this file',
    );
    expect(refused.out.stderr).toContain('(synapse.subworkflow.not_found)');

    const bundled = join(dir, 'bundled.json');
    const subworkflows = { 'wf-writer@v2': { versionId: 'v2', workflow: workflow.workflow } };
    await writeFile(bundled, JSON.stringify({ ...caller, version: 2, subworkflows }));
    const { out, io } = capture();
    expect(await exportCommand([bundled, '--lang', 'python'], io)).toBe(0);
    expect(out.stdout).toContain('    "wf-writer@v2": {\n        "name": "Export me",');
    expect(out.stdout).toContain('"prompt": "Write about {{input.topic}}"');
  });

  it('reports unreadable and invalid files and usage errors with exit code 2', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{ not json');
    for (const argv of [[join(dir, 'missing.json'), '--lang', 'ts'], [bad, '--lang', 'ts'], [file]]) {
      const { out, io } = capture();
      expect(await exportCommand(argv, io)).toBe(2);
      expect(out.stderr).toMatch(/^synapse export: /);
    }
  });
});
