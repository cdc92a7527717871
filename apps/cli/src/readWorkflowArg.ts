import { readFile } from 'node:fs/promises';
import { parseWorkflowFile, type WorkflowBundle, type WorkflowGraph } from '@synapse/schema';

/**
 * Reads and parses the workflow file a command was given: the graph and the bundle of graphs its
 * Sub-workflow nodes call. On failure it has told the user why on
 * stderr (`synapse <command>: …`) and returns null; the command then exits with 2.
 */
export async function readWorkflowArg(
  command: string,
  file: string,
  io: { stderr(text: string): void },
): Promise<{ graph: WorkflowGraph; subworkflows: WorkflowBundle } | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr(`synapse ${command}: cannot read ${file}: ${(error as Error).message}\n`);
    return null;
  }
  const workflow = parseWorkflowFile(text);
  if (!workflow.ok) {
    io.stderr(`synapse ${command}: ${file}: ${workflow.message}\n`);
    return null;
  }
  return { graph: workflow.graph, subworkflows: workflow.subworkflows };
}
