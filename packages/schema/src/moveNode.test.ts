import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { moveNode } from './moveNode';
import { USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { workflowMaps } from './workflowDoc';

describe('moveNode', () => {
  it('sets one plain {x,y} value in place', () => {
    const doc = new Y.Doc();
    addNode(doc, { id: 'a', type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const nodeMap = workflowMaps(doc).nodes.get('a');
    moveNode(doc, 'a', { x: 5, y: -3.5 }, USER_ORIGIN);
    expect(readWorkflow(doc).nodes[0]!.position).toEqual({ x: 5, y: -3.5 });
    expect(workflowMaps(doc).nodes.get('a')).toBe(nodeMap);
  });

  it('does not recreate a missing node and refuses non-finite positions', () => {
    const doc = new Y.Doc();
    moveNode(doc, 'ghost', { x: 1, y: 1 }, USER_ORIGIN);
    expect(readWorkflow(doc).nodes).toEqual([]);
    expect(() => moveNode(doc, 'ghost', { x: Number.POSITIVE_INFINITY, y: 1 }, USER_ORIGIN)).toThrow(
      TypeError,
    );
  });
});
