import { describe, expect, it } from 'vitest';
import { checkRunnable } from '../checkRunnable';
import type { GraphNode, WorkflowGraph } from '../graphTypes';
import { approvalNode, approvalOutputOf } from './approval';

const gate = (data: Record<string, unknown>): GraphNode => ({
  id: 'g',
  type: 'approval',
  position: { x: 0, y: 0 },
  data: { label: 'Gate', ...data },
});

describe('approval node', () => {
  it('reads tolerant data: bad fields dropped, a negative or missing timeout means none', () => {
    const read = approvalNode.read(
      gate({ fields: [{ name: 'ok' }, { name: '1bad' }, { name: 'ok' }, 'junk'], timeoutMs: -5 }),
    );
    expect(read).toEqual({ label: 'Gate', message: '', fields: [{ name: 'ok', label: 'ok' }], timeoutMs: 0 });
  });

  it('offers a timeout handle only with a timeout', () => {
    expect(approvalNode.sourceHandles(gate({}))).toEqual(['approved']);
    expect(approvalNode.sourceHandles(gate({ timeoutMs: 1000 }))).toEqual(['approved', 'timeout']);
  });

  it('outputs the edited text, or exactly its fields as JSON', () => {
    expect(approvalOutputOf({ fields: [] }, 'text')).toBe('text');
    expect(approvalOutputOf({ fields: [{ name: 'a', label: 'A' }] }, { a: '1', b: '2' })).toBe('{"a":"1"}');
  });

  it('refuses a timeout whose branch leads nowhere, and one longer than 30 days', () => {
    const graph = (data: Record<string, unknown>, timeoutEdge: boolean): WorkflowGraph => ({
      name: 'g',
      nodes: [
        gate({ key: 'gate', ...data }),
        { id: 'o', type: 'output', position: { x: 0, y: 0 }, data: { label: 'Out', key: 'out' } },
      ],
      edges: [
        { id: 'g:approved->o:in', source: 'g', target: 'o', sourceHandle: 'approved', targetHandle: 'in' },
        ...(timeoutEdge
          ? [{ id: 'g:timeout->o:in', source: 'g', target: 'o', sourceHandle: 'timeout', targetHandle: 'in' }]
          : []),
      ],
    });
    const noBranch = checkRunnable(graph({ timeoutMs: 1000 }, false), {});
    expect(noBranch.ok).toBe(false);
    if (!noBranch.ok) expect(noBranch.message).toMatch(/Gate: a timeout needs its own branch/);
    expect(checkRunnable(graph({ timeoutMs: 1000 }, true), {}).ok).toBe(true);
    expect(checkRunnable(graph({ timeoutMs: 31 * 86_400_000 }, true), {}).ok).toBe(false);
    expect(checkRunnable(graph({}, false), {}).ok).toBe(true);
  });
});
