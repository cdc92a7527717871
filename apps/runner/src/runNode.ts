import {
  agentDataOf,
  ErrorCodes,
  type GraphNode,
  inputVariablesOf,
  RUNNER_ORIGIN,
  renderTemplate,
  resetNodeOutput,
  routerDataOf,
  updateNodeRun,
} from '@synapse/schema';
import { type CallModel, errorCodeOf, type NodeTools } from './callModel';
import { runHttpNode } from './http/runHttpNode';
import { pickBranchByLabel, pickBranchByRule, routerInstruction } from './pickBranch';
import type { NodeResult, RunNodeContext } from './RunNodeContext';
import { cap, MAX_SHOWN_TOOL_TEXT, MAX_TOOL_ITERATIONS, runToolLoop } from './runToolLoop';
import { streamModel } from './streamModel';

/** Resolved prompts are shown to watchers; past this they are cut so one node cannot bloat the doc. */
const MAX_SHOWN_INPUT = 16_000;

export async function runNode(node: GraphNode, ctx: RunNodeContext): Promise<NodeResult> {
  const startedAt = ctx.now();
  ctx.writer.update((doc) => {
    resetNodeOutput(doc, node.id, RUNNER_ORIGIN);
    updateNodeRun(
      doc,
      node.id,
      {
        status: 'running',
        attempt: 1,
        startedAt,
        error: undefined,
        errorCode: undefined,
        attempts: undefined,
        ...(ctx.restarted ? { restarted: true } : {}),
      },
      RUNNER_ORIGIN,
    );
  });
  const base: NodeResult = {
    status: 'succeeded',
    output: '',
    branch: null,
    attempt: 1,
    provider: null,
    model: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    error: null,
    errorCode: null,
    startedAt,
    finishedAt: startedAt,
  };
  const finish = (result: NodeResult & { toolCalls?: unknown }): NodeResult => {
    const finishedAt = ctx.now();
    // The loop's tool calls live in the run document, not in the node's result or checkpoint.
    const { toolCalls: _shown, ...rest } = result;
    const final = { ...rest, finishedAt };
    ctx.writer.update((doc) =>
      updateNodeRun(
        doc,
        node.id,
        {
          status: final.status,
          finishedAt,
          ...(final.error ? { error: final.error } : {}),
          ...(final.errorCode ? { errorCode: final.errorCode } : {}),
          ...(final.branch ? { branch: final.branch } : {}),
          ...(final.costUsd !== null && final.costUsd > 0 ? { cost: final.costUsd } : {}),
        },
        RUNNER_ORIGIN,
      ),
    );
    return final;
  };

  if (node.type === 'input') {
    const output = inputNodeOutput(node, ctx.inputs);
    ctx.writer.appendOutput(node.id, output);
    return finish({ ...base, output });
  }
  if (node.type === 'output') {
    ctx.writer.appendOutput(node.id, ctx.upstream);
    return finish({ ...base, output: ctx.upstream });
  }

  if (node.type === 'http') return finish({ ...base, ...(await runHttpNode(node, ctx)) });

  const template = { upstream: ctx.upstream, outputs: ctx.outputs, inputs: ctx.inputs };
  if (node.type === 'router') {
    const router = routerDataOf(node);
    const text = renderTemplate(router.userPrompt, template);
    showInput(ctx, node.id, text);
    if (router.mode === 'rule') {
      const branch = pickBranchByRule(router.branches, text);
      if (!branch) {
        return finish({
          ...base,
          status: 'failed',
          error: 'no branch rule matched and the router has no else branch',
          errorCode: ErrorCodes.runNoBranch,
        });
      }
      ctx.writer.appendOutput(node.id, text);
      return finish({ ...base, output: text, branch: branch.id });
    }
    const call = await streamModel(
      node,
      ctx,
      {
        chain: [{ provider: router.provider, model: router.model }],
        system: routerInstruction(router.branches, router.systemPrompt),
        prompt: text,
        retries: 2,
        signal: ctx.signal,
      },
      false,
    );
    if (call.status !== 'succeeded') return finish({ ...base, ...call });
    const branch = pickBranchByLabel(router.branches, call.output);
    if (!branch) {
      return finish({
        ...base,
        ...call,
        output: '',
        status: 'failed',
        error: `the model answered ${JSON.stringify(call.output.slice(0, 200))}, which is none of the branch labels`,
        errorCode: ErrorCodes.runNoBranch,
      });
    }
    ctx.writer.appendOutput(node.id, text);
    return finish({ ...base, ...call, output: text, branch: branch.id });
  }

  const agent = agentDataOf(node);
  const prompt = renderTemplate(agent.userPrompt || '{{input}}', template);
  showInput(ctx, node.id, prompt);
  const memory = ctx.memory;
  if ((agent.memoryRead || agent.memoryWrite) && !memory) {
    return finish({
      ...base,
      status: 'failed',
      error: 'this runner has no memory bank, so an agent using memory cannot run here',
      errorCode: ErrorCodes.memoryUnavailable,
    });
  }
  let system = agent.systemPrompt ? renderTemplate(agent.systemPrompt, template) : '';
  if (agent.memoryRead && memory) {
    const limit = Math.max(1, Math.min(20, Math.floor(agent.memoryTopK ?? 3)));
    const hits = await memory.search(prompt, limit).catch(() => null);
    if (hits === null) {
      return finish({
        ...base,
        status: 'failed',
        error: 'the memory bank could not be searched',
        errorCode: ErrorCodes.memoryUnavailable,
      });
    }
    if (hits.length > 0) {
      ctx.writer.update((doc) =>
        updateNodeRun(
          doc,
          node.id,
          {
            memoryReads: hits.map((h) => ({
              id: h.id,
              content: cap(h.content, MAX_SHOWN_TOOL_TEXT),
              ...(h.runId ? { runId: h.runId } : {}),
            })),
          },
          RUNNER_ORIGIN,
        ),
      );
      const notes = hits.map((h) => `- ${h.content}`).join('\n');
      system = `${system ? `${system}\n\n` : ''}Relevant notes from this workspace's memory:\n${notes}`;
    }
  }
  const saveMemory = async (result: NodeResult): Promise<NodeResult> => {
    if (!agent.memoryWrite || !memory || result.status !== 'succeeded' || !result.output.trim())
      return result;
    try {
      const id = await memory.write(node.id, result.output);
      ctx.writer.update((doc) => updateNodeRun(doc, node.id, { memoryWritten: id }, RUNNER_ORIGIN));
      return result;
    } catch (error) {
      return {
        ...result,
        status: 'failed',
        error: `the output could not be saved to memory: ${error instanceof Error ? error.message : String(error)}`,
        errorCode: ErrorCodes.memoryWriteFailed,
      };
    }
  };
  const request: Parameters<CallModel>[0] = {
    chain: [{ provider: agent.provider, model: agent.model }, ...agent.fallbacks],
    ...(system ? { system } : {}),
    prompt,
    ...(agent.temperature !== undefined ? { temperature: agent.temperature } : {}),
    ...(agent.maxTokens !== undefined ? { maxTokens: agent.maxTokens } : {}),
    retries: Math.max(0, Math.min(10, Math.floor(agent.retries ?? 2))),
    ...(agent.timeoutMs !== undefined ? { timeoutMs: agent.timeoutMs } : {}),
    signal: ctx.signal,
  };
  if (agent.tools.length === 0) {
    const call = await streamModel(node, ctx, request, true);
    return finish(await saveMemory({ ...base, ...call }));
  }
  const toolbox = ctx.toolbox;
  if (!toolbox) {
    return finish({
      ...base,
      status: 'failed',
      error: 'this runner has no tools configured, so an agent with tools cannot run here',
      errorCode: ErrorCodes.toolsUnavailable,
    });
  }
  let tools: NodeTools;
  try {
    tools = await toolbox.open(agent.tools, ctx.signal);
  } catch (error) {
    if (ctx.signal.aborted) return finish({ ...base, status: 'cancelled' });
    return finish({
      ...base,
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      errorCode: errorCodeOf(error),
    });
  }
  const maxIterations = Math.max(1, Math.min(MAX_TOOL_ITERATIONS, Math.floor(agent.maxToolIterations ?? 8)));
  return finish(
    await saveMemory({ ...base, ...(await runToolLoop(node, ctx, request, tools, maxIterations)) }),
  );
}

function showInput(ctx: RunNodeContext, nodeId: string, text: string): void {
  ctx.writer.update((doc) =>
    updateNodeRun(doc, nodeId, { input: cap(text, MAX_SHOWN_INPUT) }, RUNNER_ORIGIN),
  );
}

/** An input node's output: its one variable's value, `name: value` lines for several, or its legacy value. */
export function inputNodeOutput(node: GraphNode, inputs: Record<string, string>): string {
  const variables = inputVariablesOf(node);
  const value = (name: string) => (Object.hasOwn(inputs, name) ? (inputs[name] ?? '') : '');
  if (variables.length === 1) return value((variables[0] as { name: string }).name);
  if (variables.length > 1) return variables.map((v) => `${v.name}: ${value(v.name)}`).join('\n');
  const label = String(node.data.label ?? '');
  if (Object.hasOwn(inputs, node.id)) return value(node.id);
  if (label && Object.hasOwn(inputs, label)) return value(label);
  return String(node.data.value ?? '');
}
