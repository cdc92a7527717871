import { z } from 'zod';
import type { WorkflowGraph } from './graphTypes';

// Strict validation for graphs that arrive as JSON from outside (API bodies, `synapse run <file>`).
// Graphs read from documents go through the tolerant readers instead.
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const workflowGraphSchema = z.object({
  name: z.string(),
  nodes: z.array(
    z.object({
      id,
      type: z.enum(['input', 'agent', 'router', 'map', 'approval', 'http', 'subworkflow', 'output', 'note']),
      position: z.object({ x: z.number(), y: z.number() }),
      data: z.looseObject({ label: z.string() }),
    }),
  ),
  edges: z.array(
    z.object({
      id: z.string().min(1),
      source: id,
      target: id,
      sourceHandle: id,
      targetHandle: id,
    }),
  ),
});

/** Parses untrusted JSON into a WorkflowGraph, or says what is wrong with it. */
export function parseWorkflowGraph(
  value: unknown,
): { ok: true; graph: WorkflowGraph } | { ok: false; message: string } {
  const parsed = workflowGraphSchema.safeParse(value);
  if (!parsed.success) return { ok: false, message: z.prettifyError(parsed.error) };
  // The assignment is the compile-time check that the schema's output is a WorkflowGraph.
  const graph: WorkflowGraph = parsed.data;
  return { ok: true, graph };
}
