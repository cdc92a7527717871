import { describe, expect, it } from 'vitest';
import { describeUnknownReference, findUnknownReferences } from './findUnknownReferences';
import { graphFixture } from './test/graphFixture';

describe('findUnknownReferences', () => {
  it('accepts references to transitive upstream nodes', () => {
    const g = graphFixture(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
      {
        c: { userPrompt: '{{nodes.a.output}} and {{nodes.b.output}}', systemPrompt: '' },
      },
    );
    expect(findUnknownReferences(g)).toEqual([]);
  });

  it('reports missing nodes, notes, and nodes that are not upstream', () => {
    const g = graphFixture(['a', 'b', ['n', 'note']], [['a', 'b']], {
      a: { userPrompt: '{{nodes.b.output}}', systemPrompt: '{{nodes.a.output}}' },
      b: { userPrompt: '{{nodes.ghost.output}} {{nodes.n.output}}' },
    });
    expect(findUnknownReferences(g)).toEqual([
      { nodeId: 'a', field: 'systemPrompt', reference: 'a', reason: 'not_upstream' },
      { nodeId: 'a', field: 'userPrompt', reference: 'b', reason: 'not_upstream' },
      { nodeId: 'b', field: 'userPrompt', reference: 'ghost', reason: 'missing' },
      { nodeId: 'b', field: 'userPrompt', reference: 'n', reason: 'missing' },
    ]);
  });

  it('accepts named inputs declared by a transitive upstream Input node', () => {
    const g = graphFixture(
      [['in', 'input'], 'a', 'b'],
      [
        ['in', 'a'],
        ['a', 'b'],
      ],
      {
        in: { variables: [{ name: 'topic', type: 'string', default: '' }] },
        b: { userPrompt: 'Write about {{ input.topic }} using {{input}}' },
      },
    );
    expect(findUnknownReferences(g)).toEqual([]);
  });

  it('reports named inputs that no upstream Input node declares', () => {
    const g = graphFixture([['in', 'input'], ['other', 'input'], 'a', 'b'], [['in', 'a']], {
      in: { variables: [{ name: 'topic', type: 'string', default: '' }] },
      other: { variables: [{ name: 'tone', type: 'string', default: '' }] },
      a: { userPrompt: '{{input.topic}} {{input.tone}}', systemPrompt: '{{input.audience}}' },
      b: { userPrompt: '{{input.topic}}' },
    });
    expect(findUnknownReferences(g)).toEqual([
      { nodeId: 'a', field: 'systemPrompt', reference: 'audience', reason: 'unknown_input' },
      { nodeId: 'a', field: 'userPrompt', reference: 'tone', reason: 'unknown_input' },
      { nodeId: 'b', field: 'userPrompt', reference: 'topic', reason: 'unknown_input' },
    ]);
  });

  it('ignores variables with invalid names and edges to deleted nodes', () => {
    const g = graphFixture([['in', 'input'], 'a'], [], {
      in: { variables: [{ name: 'bad name', type: 'string', default: '' }] },
      a: { userPrompt: '{{input.bad}}' },
    });
    g.edges.push({ id: 'x', source: 'gone', target: 'a', sourceHandle: 'out', targetHandle: 'in' });
    expect(findUnknownReferences(g).map((p) => p.reason)).toEqual(['unknown_input']);
  });

  it('accepts any path into an HTTP response but only declared fields of a structured output', () => {
    const g = graphFixture(
      [['api', 'http'], 'triage', 'plain', 'use'],
      [
        ['api', 'use'],
        ['triage', 'use'],
        ['plain', 'use'],
      ],
      {
        api: { key: 'issues', url: 'https://api.example.com/issues' },
        triage: { outputSchema: { type: 'object', properties: { priority: { type: 'string' } } } },
        use: {
          userPrompt:
            '{{nodes.issues.output.body.items.0.title}} {{nodes.issues.output.headers.link}} ' +
            '{{nodes.triage.output.priority}} {{nodes.triage.output.owner}} {{nodes.plain.output.x}}',
        },
      },
    );
    expect(findUnknownReferences(g)).toEqual([
      { nodeId: 'use', field: 'userPrompt', reference: 'triage.output.owner', reason: 'unknown_field' },
      { nodeId: 'use', field: 'userPrompt', reference: 'plain.output.x', reason: 'unknown_field' },
    ]);
  });

  it('describes each reason in words', () => {
    const labels: Record<string, string> = { a: 'Writer' };
    const label = (id: string) => labels[id] ?? id;
    expect(
      describeUnknownReference(
        { nodeId: 'a', field: 'userPrompt', reference: 'x', reason: 'missing' },
        label,
      ),
    ).toBe('Writer refers to {{nodes.x.output}}, but no such node exists.');
    expect(
      describeUnknownReference({ nodeId: 'a', field: 'userPrompt', reference: 'x', reason: 'not_upstream' }),
    ).toBe('a refers to {{nodes.x.output}}, which is not upstream of it.');
    expect(
      describeUnknownReference({ nodeId: 'a', field: 'userPrompt', reference: 't', reason: 'unknown_input' }),
    ).toBe('a refers to {{input.t}}, which no upstream Input node declares.');
  });
});
