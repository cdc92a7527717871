import type { WorkflowGraph } from '@synapse/schema';

/** A ready-made workflow people start from: the graph plus what the gallery shows about it. */
export interface WorkflowTemplate {
  /** Stable id (`research-write-critique-edit`), used in URLs and by the demo-data seeder. */
  id: string;
  name: string;
  /** One or two sentences: what it does and what to feed it. */
  description: string;
  tags: string[];
  /** Every agent uses the built-in local model, so the template runs offline with no API key. */
  graph: WorkflowGraph;
}
