import {
  type AgentNodeData,
  agentCallSettings,
  agentDataOf,
  ErrorCodes,
  type GraphNode,
  INVALID_OUTPUT_PREFIX,
  type OutputSchema,
  parseStructuredOutput,
  RUNNER_ORIGIN,
  renderTemplate,
  resetNodeOutput,
  structuredOutputInstruction,
  structuredRepairParts,
  updateNodeRun,
} from '@synapse/schema';
import { type CallModel, errorCodeOf, type NodeTools } from '../callModel';
import type { CallResult, NodeResult, RunNodeContext } from '../RunNodeContext';
import { cap, MAX_SHOWN_TOOL_TEXT, runToolLoop, startToolLoop } from '../runToolLoop';
import { type CallCarry, streamModel } from '../streamModel';
import type { NodeExecutor } from './NodeExecutor';
import { showInput } from './showInput';
import { templateContextOf } from './templateContextOf';

/** An Agent calls its model chain (with tools and memory when it has them) on its rendered prompt. */
export const runAgentNode: NodeExecutor = async (node, ctx, base) => {
  const agent = agentDataOf(node);
  const settings = agentCallSettings(agent);
  const template = templateContextOf(ctx);
  const prompt = renderTemplate(settings.prompt, template);
  showInput(ctx, node.id, prompt);
  const memory = ctx.memory;
  if ((agent.memoryRead || agent.memoryWrite) && !memory) {
    return {
      ...base,
      status: 'failed',
      error: 'this runner has no memory bank, so an agent using memory cannot run here',
      errorCode: ErrorCodes.memoryUnavailable,
    };
  }
  let system = agent.systemPrompt ? renderTemplate(agent.systemPrompt, template) : '';
  if (agent.memoryRead && memory) {
    const hits = await memory.search(prompt, settings.memoryTopK).catch(() => null);
    if (hits === null) {
      return {
        ...base,
        status: 'failed',
        error: 'the memory bank could not be searched',
        errorCode: ErrorCodes.memoryUnavailable,
      };
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
  const schema = agent.outputSchema;
  if (schema) system = `${system ? `${system}\n\n` : ''}${structuredOutputInstruction(schema)}`;
  const request: Parameters<CallModel>[0] = {
    chain: settings.chain,
    ...(system ? { system } : {}),
    ...(schema ? { json: true } : {}),
    prompt,
    ...(agent.temperature !== undefined ? { temperature: agent.temperature } : {}),
    ...(agent.maxTokens !== undefined ? { maxTokens: agent.maxTokens } : {}),
    retries: settings.retries,
    ...(settings.timeoutMs !== null ? { timeoutMs: settings.timeoutMs } : {}),
    signal: ctx.signal,
  };
  if (agent.tools.length === 0) {
    if (schema) {
      const carry: CallCarry = { attempts: [], inputTokens: 0, outputTokens: 0, costUsd: 0 };
      const structured = await runStructured(node, ctx, schema, base, {
        first: () => streamModel(node, ctx, request, true, carry),
        // The repair is not streamed: the node shows the first reply until the valid one replaces it.
        repair: (reply, message) =>
          streamModel(
            node,
            ctx,
            {
              ...request,
              messages: [
                { role: 'user', content: request.prompt },
                { role: 'assistant', content: reply },
                { role: 'user', content: message },
              ],
            },
            false,
            carry,
          ),
      });
      return saveMemory(node, agent, ctx, structured);
    }
    const call = await streamModel(node, ctx, request, true);
    return saveMemory(node, agent, ctx, { ...base, ...call });
  }
  const toolbox = ctx.toolbox;
  if (!toolbox) {
    return {
      ...base,
      status: 'failed',
      error: 'this runner has no tools configured, so an agent with tools cannot run here',
      errorCode: ErrorCodes.toolsUnavailable,
    };
  }
  let tools: NodeTools;
  try {
    tools = await toolbox.open(agent.tools, ctx.signal);
  } catch (error) {
    if (ctx.signal.aborted) return { ...base, status: 'cancelled' };
    return {
      ...base,
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      errorCode: errorCodeOf(error),
    };
  }
  const max = settings.maxToolIterations;
  if (!schema)
    return saveMemory(node, agent, ctx, { ...base, ...(await runToolLoop(node, ctx, request, tools, max)) });
  // With tools, the final answer (the turn that calls none) is what must fit the schema; the repair
  // continues the same conversation, tools still offered, with at least one more turn.
  const state = startToolLoop(request);
  const structured = await runStructured(node, ctx, schema, base, {
    first: () => runToolLoop(node, ctx, request, tools, max, state),
    repair: (reply, message) => {
      state.messages.push({ role: 'assistant', content: reply }, { role: 'user', content: message });
      return runToolLoop(node, ctx, request, tools, Math.max(max, state.iterations + 1), state);
    },
  });
  return saveMemory(node, agent, ctx, structured);
};

/**
 * Structured output: the reply must be JSON matching `schema`. An invalid reply gets one repair turn
 * (the reply and what is wrong with it sent back); a second invalid reply fails the node with
 * `synapse.run.invalid_output`. The node's output is the canonical JSON, so downstream
 * `{{nodes.<key>.output.<field>}}` can read it. `calls` makes the model turns, with or without tools.
 */
async function runStructured(
  node: GraphNode,
  ctx: RunNodeContext,
  schema: OutputSchema,
  base: NodeResult,
  calls: {
    first(): Promise<CallResult>;
    repair(reply: string, message: string): Promise<CallResult>;
  },
): Promise<NodeResult> {
  const first = await calls.first();
  if (first.status !== 'succeeded') return { ...base, ...first };
  let call: CallResult = first;
  let parsed = parseStructuredOutput(first.output, schema);
  if (!parsed.ok) {
    const [before, after] = structuredRepairParts(schema);
    const repair = await calls.repair(first.output, `${before}${parsed.error}${after}`);
    if (repair.status !== 'succeeded') return { ...base, ...repair };
    call = repair;
    parsed = parseStructuredOutput(repair.output, schema);
    if (!parsed.ok) {
      return {
        ...base,
        ...repair,
        output: '',
        status: 'failed',
        error: `${INVALID_OUTPUT_PREFIX}${parsed.error}`,
        errorCode: ErrorCodes.runInvalidOutput,
      };
    }
  }
  const text = parsed.text;
  ctx.writer.update((doc) => resetNodeOutput(doc, node.id, RUNNER_ORIGIN));
  ctx.writer.appendOutput(node.id, text);
  return { ...base, ...call, output: text };
}

/** Saves a succeeded output to the workspace memory when the agent asks to; a failed save fails the node. */
async function saveMemory<R extends NodeResult>(
  node: GraphNode,
  agent: AgentNodeData,
  ctx: RunNodeContext,
  result: R,
): Promise<R> {
  const memory = ctx.memory;
  if (!agent.memoryWrite || !memory || result.status !== 'succeeded' || !result.output.trim()) return result;
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
}
