import type { WorkflowBundle, WorkflowGraph } from '@synapse/schema';
import { buildExportPlan } from './buildExportPlan';
import { emitPython } from './emitPython';
import { emitTypeScript } from './emitTypeScript';

export type ExportLanguage = 'python' | 'ts';

export interface ExportOptions {
  lang: ExportLanguage;
  /** Shown in the script's header; defaults to the workflow's name. */
  name?: string;
  /** The graphs its Sub-workflow nodes call, from the workflow file (`parseWorkflowFile`). */
  subworkflows?: WorkflowBundle;
}

/**
 * The workflow as a standalone program that runs it the way `synapse run` does: Python with only the
 * standard library, or a TypeScript ES module (`node workflow.mts`) that imports the `openai` and
 * `@anthropic-ai/sdk` packages only when its providers speak them; the workflows it calls are tables in
 * the same file. Throws ExportError for a graph Synapse would refuse to run, or whose called workflows
 * `subworkflows` does not carry.
 */
export function exportWorkflow(graph: WorkflowGraph, options: ExportOptions): string {
  const plan = buildExportPlan(graph, options.subworkflows);
  const name = options.name ?? plan.name;
  return options.lang === 'python' ? emitPython(plan, name) : emitTypeScript(plan, name);
}
