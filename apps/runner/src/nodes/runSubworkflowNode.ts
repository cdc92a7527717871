import {
  ErrorCodes,
  renderTemplate,
  subworkflowDataOf,
  subworkflowInputsOf,
  subworkflowOutputOf,
} from '@synapse/schema';
import type { NodeExecutor } from './NodeExecutor';
import { templateContextOf } from './templateContextOf';

/**
 * A Sub-workflow node asks its run's gate for its child run: started (or still running) → the node
 * waits and the run parks until the child ends (ADR 0024); succeeded → the child's outputs are the
 * node's output; failed → the node fails, saying why.
 */
export const runSubworkflowNode: NodeExecutor = async (node, ctx, base) => {
  const data = subworkflowDataOf(node);
  if (!ctx.subworkflows)
    return {
      ...base,
      status: 'failed',
      error: 'this run cannot start sub-workflows (run it from Synapse)',
      errorCode: ErrorCodes.subworkflowUnavailable,
    };
  const context = templateContextOf(ctx);
  const inputs = subworkflowInputsOf(data, (template) => renderTemplate(template, context));
  const outcome = await ctx.subworkflows.call(node.id, {
    workflowId: data.workflowId,
    versionId: data.versionId,
    inputs,
  });
  if (outcome.state === 'running') return { ...base, status: 'waiting' };
  if (outcome.state === 'failed')
    return { ...base, status: 'failed', error: outcome.error, errorCode: ErrorCodes.subworkflowFailed };
  const output = subworkflowOutputOf(outcome.outputs);
  ctx.writer.appendOutput(node.id, output);
  return { ...base, output };
};
