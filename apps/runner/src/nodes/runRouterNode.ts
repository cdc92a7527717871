import { ErrorCodes, ROUTER_RETRIES, renderTemplate, routerDataOf, routerInstruction } from '@synapse/schema';
import { pickBranchByLabel, pickBranchByRule } from '../pickBranch';
import { streamModel } from '../streamModel';
import type { NodeExecutor } from './NodeExecutor';
import { showInput } from './showInput';
import { templateContextOf } from './templateContextOf';

/** A Router passes its routed text on along one branch: the first matching rule, or the model's pick. */
export const runRouterNode: NodeExecutor = async (node, ctx, base) => {
  const router = routerDataOf(node);
  const text = renderTemplate(router.userPrompt, templateContextOf(ctx));
  showInput(ctx, node.id, text);
  if (router.mode === 'rule') {
    const branch = pickBranchByRule(router.branches, text);
    if (!branch) {
      return {
        ...base,
        status: 'failed',
        error: 'no branch rule matched and the router has no else branch',
        errorCode: ErrorCodes.runNoBranch,
      };
    }
    ctx.writer.appendOutput(node.id, text);
    return { ...base, output: text, branch: branch.id };
  }
  const call = await streamModel(
    node,
    ctx,
    {
      chain: [{ provider: router.provider, model: router.model }],
      system: routerInstruction(router.branches, router.systemPrompt),
      prompt: text,
      retries: ROUTER_RETRIES,
      signal: ctx.signal,
    },
    false,
  );
  if (call.status !== 'succeeded') return { ...base, ...call };
  const branch = pickBranchByLabel(router.branches, call.output);
  if (!branch) {
    return {
      ...base,
      ...call,
      output: '',
      status: 'failed',
      error: `the model answered ${JSON.stringify(call.output.slice(0, 200))}, which is none of the branch labels`,
      errorCode: ErrorCodes.runNoBranch,
    };
  }
  ctx.writer.appendOutput(node.id, text);
  return { ...base, ...call, output: text, branch: branch.id };
};
