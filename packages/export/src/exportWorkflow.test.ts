import type { WorkflowGraph } from '@synapse/schema';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { exportFileName } from './describeExport';
import { exportWorkflow } from './exportWorkflow';
import { edge, node } from './test/graphBuilders';

const graph = {
  name: 'Research brief',
  nodes: [
    node('in', 'input', {
      label: 'Topic',
      variables: [{ name: 'topic', type: 'text', default: 'tides', description: 'What to research' }],
    }),
    node('research', 'agent', {
      label: 'Researcher',
      provider: 'openai',
      model: 'gpt-5-mini',
      systemPrompt: 'You are a researcher.\nCite sources.',
      userPrompt: 'Research {{input.topic}}',
      fallbacks: [{ provider: 'anthropic', model: 'claude-haiku-4-5' }],
    }),
    node('gate', 'router', {
      label: 'Gate',
      branches: [
        { id: 'ok', label: 'ok', match: 'contains', value: 'source' },
        { id: 'redo', label: 'redo', match: 'else' },
      ],
    }),
    node('out', 'output', { label: 'Brief' }),
    node('memo', 'note', { text: 'never exported' }),
  ],
  edges: [edge('in', 'research'), edge('research', 'gate'), edge('gate', 'out', 'ok')],
} as WorkflowGraph;

describe('exportWorkflow to Python', () => {
  const code = exportWorkflow(graph, { lang: 'python' });

  it('is a standalone script that imports only the standard library', () => {
    expect(
      code.startsWith('#!/usr/bin/env python3\n# Research brief: a Synapse workflow exported as code.'),
    ).toBe(true);
    const imports = [...code.matchAll(/^(?:import|from) ([\w.]+)/gm)].map((m) => m[1]?.split('.')[0]);
    const stdlib = [
      'http',
      'json',
      'math',
      'os',
      'random',
      're',
      'socket',
      'struct',
      'sys',
      'threading',
      'time',
      'urllib',
      'concurrent',
      'email',
      'decimal',
    ];
    expect(imports.filter((name) => !stdlib.includes(name as string))).toEqual([]);
    expect(code).toContain('\nif __name__ == "__main__":\n');
  });

  it('holds the workflow as data: nodes by id with their edges, models, prompts and branches', () => {
    expect(code).toContain(
      [
        '    # Researcher (agent: openai/gpt-5-mini, then anthropic/claude-haiku-4-5)',
        '    "research": {',
        '        "type": "agent",',
        '        "label": "Researcher",',
        '        "after": [("in", "out")],',
        '        "models": [("openai", "gpt-5-mini"), ("anthropic", "claude-haiku-4-5")],',
        '        "system": (',
        '            "You are a researcher.\\n"',
        '            "Cite sources."',
        '        ),',
        '        "prompt": "Research {{input.topic}}",',
      ].join('\n'),
    );
    expect(code).toContain('{"id": "redo", "label": "redo", "match": "else", "value": ""},');
    expect(code).toContain('"after": [("gate", "ok")],');
    expect(code).toContain('INPUTS = [\n    ("topic", "text", "tides", False),\n]');
    expect(code).toContain('OUTPUTS = [("out", "Brief")]');
    expect(code).not.toContain('memo');
  });

  it('documents inputs and the environment variables of the providers it uses, and only those', () => {
    expect(code).toContain('#   topic (text, default "tides"): What to research');
    expect(code).toContain(
      '#   OPENAI_API_KEY, OPENAI_BASE_URL: openai (OpenAI-compatible API, default https://api.openai.com/v1)',
    );
    expect(code).toContain('#   ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL: anthropic (Anthropic API');
    expect(code).toContain('PROVIDERS = {\n    "anthropic": {');
    expect(code).not.toContain('GROQ_API_KEY');
  });
});

describe('exportWorkflow to TypeScript', () => {
  const code = exportWorkflow(graph, { lang: 'ts', name: 'Custom name' });

  it('is an ES module on the two SDKs that parses as TypeScript', () => {
    expect(code).toContain("import Anthropic from '@anthropic-ai/sdk';\nimport OpenAI from 'openai';");
    expect(code).toContain("const WORKFLOW_NAME = 'Custom name';");
    expect(code).toContain('process.exitCode = await main(process.argv.slice(2));');
    const file = ts.createSourceFile('w.mts', code, ts.ScriptTarget.ES2023, true, ts.ScriptKind.TS);
    expect((file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics).toEqual([]);
  });

  it('holds the same tables', () => {
    expect(code).toContain("    models: [['openai', 'gpt-5-mini'], ['anthropic', 'claude-haiku-4-5']],");
    expect(code).toContain("    system:\n      'You are a researcher.\\n' +\n      'Cite sources.',");
    expect(code).toContain("const OUTPUTS: [id: string, label: string][] = [['out', 'Brief']];");
    expect(code).toContain("  { name: 'topic', type: 'text', default: 'tides', required: false },");
  });
});

describe('exported TypeScript imports only the SDKs its providers speak', () => {
  const single = (provider: string) =>
    exportWorkflow(
      { name: 'One', nodes: [node('a', 'agent', { provider, model: 'm' })], edges: [] } as WorkflowGraph,
      {
        lang: 'ts',
      },
    );

  it('an OpenAI-compatible provider: openai only', () => {
    const code = single('groq');
    expect(code).toContain("import OpenAI from 'openai';");
    expect(code).not.toContain('Anthropic');
    expect(code).toContain('package `openai` (npm install openai)');
  });

  it('Anthropic: @anthropic-ai/sdk only', () => {
    const code = single('anthropic');
    expect(code).toContain("import Anthropic from '@anthropic-ai/sdk';");
    expect(code).not.toMatch(/OpenAI|from 'openai'/);
  });

  it('the built-in local model: no import at all', () => {
    const code = single('local');
    expect(code).not.toMatch(/^import /m);
    expect(code).toContain('and no npm packages.');
    const file = ts.createSourceFile('w.mts', code, ts.ScriptTarget.ES2023, true, ts.ScriptKind.TS);
    expect((file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics).toEqual([]);
  });
});

describe('user text in generated code', () => {
  const payload = 'print("pwned"); process.exit(7)';
  const hostile = {
    name: `x\n${payload}\n`,
    nodes: [
      node('__proto__', 'input', { label: `a\n${payload}\n# */`, value: `"""\n${payload}\n'''` }),
      node('b', 'agent', {
        label: `\u2028${payload}`,
        userPrompt: `'\n${payload}\n\${x}`,
        provider: `p\n${payload}`,
      }),
    ],
    edges: [edge('__proto__', 'b')],
  } as WorkflowGraph;

  it('never starts a line of code, in either language', () => {
    for (const lang of ['python', 'ts'] as const) {
      const code = exportWorkflow(hostile, { lang });
      const lines = code.split(/\r\n|[\n\r\u2028\u2029]/);
      expect(
        lines.filter((line) => line.startsWith('print(') || line.trimStart().startsWith(payload)),
      ).toEqual([]);
    }
  });

  it('keeps a __proto__ id an ordinary key in TypeScript', () => {
    expect(exportWorkflow(hostile, { lang: 'ts' })).toContain("  ['__proto__']: {");
  });
});

describe('exportFileName', () => {
  it('makes a file name from the workflow name', () => {
    expect(exportFileName('Research brief: v2!', 'python')).toBe('research_brief_v2.py');
    expect(exportFileName('Research brief: v2!', 'ts')).toBe('research-brief-v2.mts');
    expect(exportFileName('日本', 'ts')).toBe('workflow.mts');
  });
});
