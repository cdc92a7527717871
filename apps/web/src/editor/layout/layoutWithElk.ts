import type { Position } from '@synapse/schema';
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  position: Position;
  /** Source handles top to bottom (router branches), so ELK keeps their order. */
  sourceHandles: string[];
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
}

export interface LayoutInput {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.spacing.nodeNode': '40',
  'elk.spacing.componentComponent': '60',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.semiInteractive': 'true',
};

let elk: InstanceType<typeof ELK> | null = null;

function portId(node: string, handle: string): string {
  return `${node}::${handle}`;
}

/**
 * A layered left-to-right layout (ELK). The result keeps the graph where it was: the top-left corner
 * of the laid-out nodes is the top-left corner of the original ones, so the viewport stays on it.
 */
export async function layoutWithElk(input: LayoutInput): Promise<Record<string, Position>> {
  if (input.nodes.length === 0) return {};
  elk ??= new ELK();
  const ids = new Set(input.nodes.map((n) => n.id));
  const children: ElkNode[] = input.nodes.map((node) => ({
    id: node.id,
    width: node.width,
    height: node.height,
    // Seeds crossing minimisation with the current vertical order, so a re-layout changes little.
    layoutOptions: {
      'elk.portConstraints': 'FIXED_ORDER',
      'elk.position': `(${Math.round(node.position.x)},${Math.round(node.position.y)})`,
    },
    ports: node.sourceHandles.map((handle, index) => ({
      id: portId(node.id, handle),
      layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(index) },
    })),
  }));
  const ports = new Set(input.nodes.flatMap((n) => n.sourceHandles.map((h) => portId(n.id, h))));
  const edges: ElkExtendedEdge[] = input.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
    .map((e) => {
      const port = portId(e.source, e.sourceHandle);
      return { id: e.id, sources: [ports.has(port) ? port : e.source], targets: [e.target] };
    });
  const result = await elk.layout({ id: 'root', layoutOptions: LAYOUT_OPTIONS, children, edges });

  const minX = Math.min(...input.nodes.map((n) => n.position.x));
  const minY = Math.min(...input.nodes.map((n) => n.position.y));
  const laidOut = result.children ?? [];
  const outMinX = Math.min(...laidOut.map((n) => n.x ?? 0));
  const outMinY = Math.min(...laidOut.map((n) => n.y ?? 0));
  const positions: Record<string, Position> = {};
  for (const node of laidOut) {
    positions[node.id] = {
      x: Math.round((node.x ?? 0) - outMinX + minX),
      y: Math.round((node.y ?? 0) - outMinY + minY),
    };
  }
  return positions;
}
