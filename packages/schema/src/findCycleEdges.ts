import { deriveValidGraph } from './deriveValidGraph';
import type { WorkflowGraph } from './graphTypes';
import { compareStrings } from './readUntrusted';

/**
 * Ids of every edge on a cycle of the derived valid graph, sorted: edges inside one strongly
 * connected component (Tarjan), plus self-loops. Cycles are shown as errors and block Run; which edge
 * to drop is the user's decision, so nothing breaks them automatically.
 */
export function findCycleEdges(g: WorkflowGraph): string[] {
  const { graph } = deriveValidGraph(g);
  const component = stronglyConnectedComponents(
    graph.nodes.map((n) => n.id),
    graph.edges,
  );
  const cycleEdges = graph.edges.filter((e) => {
    if (e.source === e.target) return true;
    const c = component.get(e.source);
    return c !== undefined && c === component.get(e.target);
  });
  return cycleEdges.map((e) => e.id).sort(compareStrings);
}

/** Tarjan's algorithm, iterative so a long chain cannot overflow the stack. Maps node → component. */
function stronglyConnectedComponents(
  nodeIds: string[],
  edges: { source: string; target: string }[],
): Map<string, number> {
  const successors = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const e of edges) successors.get(e.source)?.push(e.target);
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let nextIndex = 0;
  let nextComponent = 0;

  for (const root of nodeIds) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, nextIndex);
    lowLink.set(root, nextIndex++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const succ = successors.get(frame.node) ?? [];
      if (frame.next < succ.length) {
        const w = succ[frame.next++]!;
        if (!index.has(w)) {
          index.set(w, nextIndex);
          lowLink.set(w, nextIndex++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        let member: string | undefined;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, nextComponent);
        } while (member !== frame.node);
        nextComponent++;
      }
    }
  }
  return component;
}
