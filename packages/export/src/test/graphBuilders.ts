// Test-only shorthand for workflow graphs and workflow files.

import type { NodeType } from '@synapse/schema';

export function node(id: string, type: NodeType, data: Record<string, unknown> = {}) {
  return { id, type, position: { x: 0, y: 0 }, data: { label: id, ...data } };
}

export function edge(source: string, target: string, sourceHandle = 'out') {
  return { id: `${source}:${sourceHandle}->${target}:in`, source, target, sourceHandle, targetHandle: 'in' };
}

export function workflowFile(
  name: string,
  nodes: ReturnType<typeof node>[],
  edges: ReturnType<typeof edge>[],
  /** Graphs Sub-workflow nodes call, by `<workflowId>@<versionId>` (a version 2 file). */
  subworkflows?: Record<
    string,
    { versionId: string; workflow: { name: string; nodes: unknown[]; edges: unknown[] } }
  >,
): object {
  return {
    format: 'synapse.workflow',
    version: subworkflows ? 2 : 1,
    exportedAt: '2026-11-20T00:00:00.000Z',
    workflow: { name, nodes, edges },
    ...(subworkflows ? { subworkflows } : {}),
  };
}

/** A graph as the `workflow` of a file or of a bundled sub-workflow. */
export function graph(name: string, nodes: ReturnType<typeof node>[], edges: ReturnType<typeof edge>[]) {
  return { name, nodes, edges };
}
