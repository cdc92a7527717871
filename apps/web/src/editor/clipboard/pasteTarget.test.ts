import { CLIPBOARD_FORMAT, type ClipboardPayload, type GraphNode } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { pasteTarget } from './pasteTarget';

const node = (id: string, x: number, y: number): GraphNode => ({
  id,
  type: 'agent',
  position: { x, y },
  data: { label: id },
});
const payload: ClipboardPayload = {
  format: CLIPBOARD_FORMAT,
  version: 1,
  nodes: [node('a', 100, 100), node('b', 400, 300)],
  edges: [],
};

describe('pasteTarget', () => {
  it('offsets copies of nodes still in this workflow, further on each repeat', () => {
    const graph = { name: '', nodes: [node('a', 100, 100)], edges: [] };
    expect(pasteTarget(payload, graph, { x: 0, y: 0 }, 1)).toEqual({ x: 140, y: 140 });
    expect(pasteTarget(payload, graph, { x: 0, y: 0 }, 3)).toEqual({ x: 220, y: 220 });
  });

  it('centres nodes from another workflow in the viewport', () => {
    const graph = { name: '', nodes: [node('other', 0, 0)], edges: [] };
    // Bounding box 300+220 wide, 200+80 high, centred on (1000, 500).
    expect(pasteTarget(payload, graph, { x: 1000, y: 500 }, 1)).toEqual({ x: 740, y: 360 });
  });
});
