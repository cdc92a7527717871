import { describe, expect, it } from 'vitest';
import { edgeId } from './edgeId';

describe('edgeId', () => {
  it('is source:handle->target:handle with out/in defaults', () => {
    expect(edgeId({ source: 'a', target: 'b' })).toBe('a:out->b:in');
    expect(edgeId({ source: 'a', sourceHandle: 'yes', target: 'b', targetHandle: 'ctx' })).toBe(
      'a:yes->b:ctx',
    );
  });

  it('is deterministic, so identical connections collapse to one key', () => {
    expect(edgeId({ source: 'a', target: 'b' })).toBe(
      edgeId({ target: 'b', source: 'a', sourceHandle: 'out', targetHandle: 'in' }),
    );
    expect(edgeId({ source: 'a', target: 'b' })).not.toBe(edgeId({ source: 'b', target: 'a' }));
  });
});
