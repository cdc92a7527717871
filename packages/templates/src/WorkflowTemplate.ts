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
  /**
   * When the template is meant to run by itself: a cron expression in a time zone, offered when a
   * schedule is created for a workflow made from it.
   */
  suggestedSchedule?: { cron: string; tz: string };
  /** Workspace secrets its HTTP request nodes reference (`{{secrets.NAME}}`), to add before running it. */
  secrets?: string[];
}
