import { describe, expect, it } from 'vitest';
import { findUnknownReferences } from './findUnknownReferences';
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
});
