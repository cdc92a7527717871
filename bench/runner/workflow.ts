import { addNode, connect, initWorkflowDoc, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { type BenchStack, connectClient } from './stack';

export interface WorkflowSpec {
  /** Node id → agent data (provider/model default to the bench model). */
  nodes: Record<string, Record<string, unknown>>;
  edges: [string, string][];
}

/**
 * Writes a workflow the way the editor does: a HocuspocusProvider client on the workflow document,
 * schema helpers with the user origin, then waits until the server acknowledged (= committed) it.
 */
export async function writeWorkflow(
  stack: BenchStack,
  workflowId: string,
  spec: WorkflowSpec,
): Promise<void> {
  const editor = await connectClient(stack, workflowDocName(stack.workspaceId, workflowId));
  try {
    initWorkflowDoc(editor.doc, { name: workflowId }, USER_ORIGIN);
    let i = 0;
    for (const [id, data] of Object.entries(spec.nodes)) {
      addNode(
        editor.doc,
        {
          id,
          type: 'agent',
          position: { x: (i % 10) * 240, y: Math.floor(i / 10) * 160 },
          data: { label: id, provider: 'bench', model: 'bench', userPrompt: 'go', ...data },
        },
        USER_ORIGIN,
      );
      i += 1;
    }
    for (const [source, target] of spec.edges) {
      const result = connect(editor.doc, { source, target }, USER_ORIGIN);
      if (!result.ok) throw new Error(`could not connect ${source} → ${target}`);
    }
    await editor.acknowledged();
  } finally {
    editor.destroy();
  }
}

export async function startRun(stack: BenchStack, workflowId: string): Promise<string> {
  const started = await stack.post(`/api/workspaces/${stack.workspaceId}/workflows/${workflowId}/runs`, {});
  const run = started.body.run as { id?: string } | undefined;
  if (started.status !== 202 || !run?.id)
    throw new Error(`starting ${workflowId}: HTTP ${started.status} ${JSON.stringify(started.body)}`);
  return run.id;
}
