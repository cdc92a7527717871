import {
  agentDataOf,
  ancestorsOf,
  deriveValidGraph,
  type GraphNode,
  inputVariablesOf,
  nodeDefinition,
  nodeKeysOf,
  referenceNameOf,
  upstreamOf,
  type WorkflowGraph,
} from '@synapse/schema';

export interface ReferenceCandidate {
  /** The placeholder inserted into the prompt. */
  insert: string;
  /** What people see first: a node's label or a variable's name. */
  label: string;
  detail: string;
}

/**
 * What a node's prompt may refer to: `{{input}}` when it has upstream nodes, the output of every node
 * it transitively depends on (by label, inserted by key), and every variable an upstream Input node declares. Nothing
 * downstream or unrelated is offered, because a run could not satisfy it.
 */
export function referenceCandidates(g: WorkflowGraph, nodeId: string): ReferenceCandidate[] {
  const { graph } = deriveValidGraph(g);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out: ReferenceCandidate[] = [];
  const direct = upstreamOf(graph, nodeId);
  if (direct.length > 0) {
    out.push({ insert: '{{input}}', label: 'input', detail: 'Outputs of directly connected nodes, joined' });
  }
  const ancestors = ancestorsOf(graph, nodeId)
    .map((id) => byId.get(id))
    .filter((n): n is GraphNode => n !== undefined && n.type !== 'note');
  const variables: ReferenceCandidate[] = [];
  const seen = new Set<string>();
  for (const node of ancestors) {
    for (const variable of inputVariablesOf(node)) {
      if (seen.has(variable.name)) continue;
      seen.add(variable.name);
      variables.push({
        insert: `{{input.${variable.name}}}`,
        label: variable.name,
        detail: `${variable.type} input · ${node.data.label || 'Input'}`,
      });
    }
  }
  out.push(...variables.sort((a, b) => a.label.localeCompare(b.label)));
  const keys = nodeKeysOf(graph);
  // Each node offers what its type exposes: its whole output, and for JSON outputs (an HTTP response)
  // the fields later nodes usually want, such as `output.status` and `output.body`; a structured
  // output also offers each top-level field.
  const nodes = ancestors.flatMap((n) => {
    const label = n.data.label || n.id;
    const name = referenceNameOf(n, keys);
    const exposed = nodeDefinition(n.type).exposes.map((path) => ({
      insert: `{{nodes.${name}.${path}}}`,
      label: path === 'output' ? label : `${label} · ${path.slice('output.'.length)}`,
      detail: `${n.type} ${path}`,
    }));
    const schema = n.type === 'agent' ? agentDataOf(n).outputSchema : undefined;
    const fields = Object.keys(schema?.properties ?? {}).map((field) => ({
      insert: `{{nodes.${name}.output.${field}}}`,
      label: `${label}.${field}`,
      detail: 'output field',
    }));
    return [...exposed, ...fields];
  });
  out.push(...nodes.sort((a, b) => a.label.localeCompare(b.label)));
  return out;
}

/**
 * The `{{` the caret is completing, if any: the nearest `{{` before the caret on the same line with no
 * `}}` in between. `query` is what has been typed after it.
 */
export function referenceQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf('{{');
  if (start < 0) return null;
  const typed = before.slice(start + 2);
  if (typed.includes('}}') || typed.includes('\n') || typed.length > 80) return null;
  return { start, query: typed.trim() };
}

/** Candidates matching what was typed, by label or placeholder text, case-insensitively. */
export function filterCandidates(
  candidates: readonly ReferenceCandidate[],
  query: string,
): ReferenceCandidate[] {
  const q = query.toLowerCase();
  if (!q) return [...candidates];
  return candidates.filter((c) => c.label.toLowerCase().includes(q) || c.insert.toLowerCase().includes(q));
}

/** The text with `{{query` (and a `}}` right after the caret, if any) replaced by the placeholder. */
export function insertReference(
  text: string,
  caret: number,
  start: number,
  insert: string,
): { text: string; caret: number } {
  const end = text.startsWith('}}', caret) ? caret + 2 : caret;
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}
