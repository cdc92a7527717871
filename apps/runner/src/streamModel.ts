import type { ToolCall } from '@synapse/providers';
import {
  type GraphNode,
  type NodeAttempt,
  RUNNER_ORIGIN,
  resetNodeOutput,
  updateNodeRun,
} from '@synapse/schema';
import { type CallModel, errorCodeOf, type ModelEvent } from './callModel';
import type { CallResult, RunNodeContext } from './RunNodeContext';

/** What consecutive calls of one node (the turns of a tool loop) accumulate: attempts, usage, cost. */
export interface CallCarry {
  attempts: NodeAttempt[];
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

/**
 * Streams one routed model call into the node's output (when `stream`), keeping the attempt list, the
 * visible attempt count and usage in the run document as the router reports them. With a `carry`
 * (a tool loop's later turns) attempts, usage and cost continue from the earlier turns.
 */
export async function streamModel(
  node: GraphNode,
  ctx: RunNodeContext,
  request: Parameters<CallModel>[0],
  stream: boolean,
  carry?: CallCarry,
): Promise<CallResult & { toolCalls: ToolCall[] }> {
  const attempts: NodeAttempt[] = carry?.attempts ?? [];
  const result: CallResult & { toolCalls: ToolCall[] } = {
    status: 'succeeded',
    output: '',
    attempt: 1,
    provider: null,
    model: null,
    inputTokens: carry?.inputTokens ?? 0,
    outputTokens: carry?.outputTokens ?? 0,
    costUsd: carry ? carry.costUsd : 0,
    error: null,
    errorCode: null,
    toolCalls: [],
  };
  const keep = () => {
    if (!carry) return;
    carry.inputTokens = result.inputTokens;
    carry.outputTokens = result.outputTokens;
    carry.costUsd = result.costUsd;
  };
  let usage = { inputTokens: 0, outputTokens: 0 };
  const writeAttempts = () =>
    ctx.writer.update((doc) =>
      updateNodeRun(doc, node.id, { attempts: attempts.map((a) => ({ ...a })) }, RUNNER_ORIGIN),
    );
  const addCost = () => {
    if (!result.provider || !result.model) return;
    const cost = ctx.estimateCost ? ctx.estimateCost(result.provider, result.model, usage) : 0;
    if (cost === null) result.costUsd = null;
    else if (result.costUsd !== null) result.costUsd += cost;
  };
  try {
    for await (const event of ctx.callModel(request) as AsyncIterable<ModelEvent>) {
      switch (event.type) {
        case 'attempt':
          ctx.onAttempt();
          addCost();
          usage = { inputTokens: 0, outputTokens: 0 };
          attempts.push({
            attempt: event.attempt,
            provider: event.provider,
            model: event.model,
            startedAt: ctx.now(),
          });
          result.attempt = event.attempt;
          result.provider = event.provider;
          result.model = event.model;
          ctx.writer.update((doc) =>
            updateNodeRun(
              doc,
              node.id,
              { attempt: event.attempt, provider: event.provider, model: event.model },
              RUNNER_ORIGIN,
            ),
          );
          writeAttempts();
          break;
        case 'attempt_failed': {
          const last = attempts[attempts.length - 1];
          if (last) Object.assign(last, { finishedAt: ctx.now(), code: event.code, error: event.message });
          writeAttempts();
          break;
        }
        case 'restart':
          result.output = '';
          result.toolCalls = [];
          ctx.writer.update((doc) => resetNodeOutput(doc, node.id, RUNNER_ORIGIN));
          break;
        case 'text':
          result.output += event.text;
          if (stream) ctx.writer.appendOutput(node.id, event.text);
          break;
        case 'usage':
          usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
          result.inputTokens += event.inputTokens;
          result.outputTokens += event.outputTokens;
          ctx.writer.update((doc) =>
            updateNodeRun(
              doc,
              node.id,
              { usage: { inputTokens: result.inputTokens, outputTokens: result.outputTokens } },
              RUNNER_ORIGIN,
            ),
          );
          break;
        case 'tool_call':
          result.toolCalls.push({ id: event.id, name: event.name, arguments: event.arguments });
          break;
        case 'done':
          break;
      }
    }
    addCost();
    keep();
    const last = attempts[attempts.length - 1];
    if (last && last.finishedAt === undefined) {
      last.finishedAt = ctx.now();
      writeAttempts();
    }
    if (ctx.signal.aborted) return { ...result, status: 'cancelled' };
    return result;
  } catch (error) {
    addCost();
    keep();
    if (ctx.signal.aborted) return { ...result, status: 'cancelled' };
    const message = error instanceof Error ? error.message : String(error);
    const code = errorCodeOf(error);
    const last = attempts[attempts.length - 1];
    if (last && last.finishedAt === undefined) {
      Object.assign(last, { finishedAt: ctx.now(), code, error: message });
      writeAttempts();
    }
    return { ...result, status: 'failed', error: message, errorCode: code };
  }
}
