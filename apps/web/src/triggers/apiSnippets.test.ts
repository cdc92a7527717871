import { describe, expect, it } from 'vitest';
import { apiSnippets, exampleInputs } from './apiSnippets';

describe('exampleInputs', () => {
  it('types defaults as declared and names required inputs that have none', () => {
    expect(
      exampleInputs([
        { name: 'topic', type: 'string', default: 'tides' },
        { name: 'count', type: 'number', default: '3' },
        { name: 'draft', type: 'boolean', default: 'true' },
        { name: 'tone', type: 'string', default: '', required: true },
        { name: 'note', type: 'string', default: '' },
      ]),
    ).toEqual({ topic: 'tides', count: 3, draft: true, tone: '<tone>' });
  });
});

describe('apiSnippets', () => {
  const snippets = apiSnippets({
    origin: 'http://127.0.0.1:4000',
    workflowId: 'wf1',
    inputs: { topic: "it's tidal", count: 3, draft: false },
  });

  it('quotes the body for the shell so nothing in an input is expanded', () => {
    expect(snippets.curl).toContain(`'http://127.0.0.1:4000/api/v1/workflows/wf1/runs?wait=30s'`);
    expect(snippets.curl).toContain(`-d '{"inputs":{"topic":"it'\\''s tidal","count":3,"draft":false}}'`);
    expect(snippets.curl).toContain('Bearer $SYNAPSE_TOKEN');
  });

  it('writes Python literals and TypeScript that read the token from the environment', () => {
    expect(snippets.python).toContain(`{"topic": "it's tidal", "count": 3, "draft": False}`);
    expect(snippets.python).toContain('os.environ["SYNAPSE_TOKEN"]');
    expect(snippets.typescript).toContain('process.env.SYNAPSE_TOKEN');
    expect(snippets.typescript).toContain(`{"topic":"it's tidal","count":3,"draft":false}`);
  });
});
