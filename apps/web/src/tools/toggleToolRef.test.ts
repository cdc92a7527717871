import { describe, expect, it } from 'vitest';
import { mcpToolRef, toggleToolRef } from './toggleToolRef';

describe('toggleToolRef', () => {
  it('adds once, removes, and keeps the order of the others', () => {
    const a = mcpToolRef('s1', 'add');
    expect(toggleToolRef([], a, true)).toEqual(['mcp:s1:add']);
    expect(toggleToolRef([a, 'builtin:web_search'], a, true)).toEqual(['builtin:web_search', a]);
    expect(toggleToolRef([a, 'builtin:web_search'], a, false)).toEqual(['builtin:web_search']);
    expect(toggleToolRef(['builtin:web_search'], a, false)).toEqual(['builtin:web_search']);
  });
});
