import { describeUnknownReference, type Position } from '@synapse/schema';
import type { PeerPresence } from '../../presence/readPeerState';
import type { GraphDiagnostics } from '../diagnostics/diagnoseGraph';
import type { PeerMark } from './toFlowElements';

function add(map: Map<string, string[]>, id: string, text: string): void {
  const list = map.get(id) ?? [];
  if (!list.includes(text)) list.push(text);
  map.set(id, list);
}

/** Each node's problems in words, for its warning badge; the node that survived carries a dangling edge. */
export function nodeProblems(d: GraphDiagnostics): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const ids = new Set(d.graph.nodes.map((n) => n.id));
  const labelOf = (id: string) => d.graph.nodes.find((n) => n.id === id)?.data.label || id;
  for (const edge of d.danglingEdges) {
    if (ids.has(edge.source)) add(out, edge.source, 'Its connection to a deleted node is ignored.');
    if (ids.has(edge.target)) add(out, edge.target, 'Its connection from a deleted node is ignored.');
  }
  for (const edge of d.unattachedEdges) {
    add(
      out,
      edge.source,
      `The connection from “${edge.sourceHandle}” has no branch any more and is ignored.`,
    );
  }
  const onCycle = new Set(d.cycleEdges);
  for (const edge of d.graph.edges) {
    if (!onCycle.has(edge.id)) continue;
    add(out, edge.source, 'On a cycle: Run is disabled until one of its red connections is removed.');
  }
  for (const problem of d.unknownReferences)
    add(out, problem.nodeId, describeUnknownReference(problem, labelOf));
  for (const issue of d.nodeIssues) if (issue.nodeId) add(out, issue.nodeId, issue.message);
  return out;
}

/** Collaborators' selections and drags, per node, plus the live positions of what they drag. */
export function peerDecorations(
  peers: readonly PeerPresence[],
  locallyDragging: ReadonlySet<string>,
): { marks: Map<string, PeerMark[]>; positions: Map<string, Position> } {
  const marks = new Map<string, PeerMark[]>();
  const positions = new Map<string, Position>();
  for (const peer of peers) {
    const ids = new Set([...peer.selection, ...Object.keys(peer.dragging)]);
    for (const id of ids) {
      const dragging = Object.hasOwn(peer.dragging, id);
      const list = marks.get(id) ?? [];
      list.push({ name: peer.name, color: peer.color, dragging });
      marks.set(id, list);
      const at = peer.dragging[id];
      // Two people dragging one node: our own hand wins on our screen.
      if (dragging && at && !locallyDragging.has(id)) positions.set(id, at);
    }
  }
  return { marks, positions };
}
