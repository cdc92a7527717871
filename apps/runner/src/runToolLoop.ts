import type { ChatMessage } from '@synapse/providers';
import {
  ErrorCodes,
  type GraphNode,
  RUNNER_ORIGIN,
  resetNodeOutput,
  type ToolCallRecord,
  updateNodeRun,
} from '@synapse/schema';
import type { CallModel, NodeTools } from './callModel';
import type { CallResult, RunNodeContext } from './RunNodeContext';
import { type CallCarry, streamModel } from './streamModel';

/** Tool arguments and results shown in the run document are cut here; the model gets up to MAX_RESULT. */
export const MAX_SHOWN_TOOL_TEXT = 4_000;
const MAX_TOOL_RESULT = 32_000;

/** `text` cut to `limit` characters, with an ellipsis when it was longer. */
export function cap(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * A tool loop's conversation so far, so a caller can continue it (structured output's repair turn
 * goes back to the model with the tool calls and results it already saw).
 */
export interface ToolLoopState {
  /** The conversation, without the final turn's answer. */
  messages: ChatMessage[];
  records: ToolCallRecord[];
  carry: CallCarry;
  /** Model turns taken so far; the loop stops at `maxIterations` in all. */
  iterations: number;
}

/** A new conversation that starts with the request's prompt. */
export function startToolLoop(request: Parameters<CallModel>[0]): ToolLoopState {
  return {
    messages: [{ role: 'user', content: request.prompt }],
    records: [],
    carry: { attempts: [], inputTokens: 0, outputTokens: 0, costUsd: 0 },
    iterations: 0,
  };
}

/**
 * The tool-calling loop: call the model with the tools; while it asks for calls, run them (in order),
 * show each in the run document as it starts and ends, and send the results back. Tool failures are
 * results the model sees, not node failures. The node's output is the final turn's text.
 */
export async function runToolLoop(
  node: GraphNode,
  ctx: RunNodeContext,
  request: Parameters<CallModel>[0],
  tools: NodeTools,
  maxIterations: number,
  state: ToolLoopState = startToolLoop(request),
): Promise<CallResult> {
  const specs = tools.tools.map((t) => ({
    name: t.name,
    inputSchema: t.inputSchema,
    ...(t.description ? { description: t.description } : {}),
  }));
  const refOf = new Map(tools.tools.map((t) => [t.name, t.ref]));
  const { messages, records, carry } = state;
  const writeCalls = () =>
    ctx.writer.update((doc) =>
      updateNodeRun(doc, node.id, { toolCalls: records.map((r) => ({ ...r })) }, RUNNER_ORIGIN),
    );
  let last: CallResult | null = null;
  while (state.iterations < maxIterations) {
    state.iterations += 1;
    const iteration = state.iterations;
    if (iteration > 1) ctx.writer.update((doc) => resetNodeOutput(doc, node.id, RUNNER_ORIGIN));
    const turn = await streamModel(
      node,
      ctx,
      { ...request, messages: [...messages], tools: specs },
      true,
      carry,
    );
    last = turn;
    if (turn.status !== 'succeeded' || turn.toolCalls.length === 0) return turn;
    if (iteration === maxIterations) break;
    messages.push({ role: 'assistant', content: turn.output, toolCalls: turn.toolCalls });
    for (const call of turn.toolCalls) {
      if (ctx.signal.aborted) return { ...turn, status: 'cancelled' };
      const record: ToolCallRecord = {
        id: call.id,
        tool: refOf.get(call.name) ?? call.name,
        name: call.name,
        iteration,
        arguments: cap(call.arguments, MAX_SHOWN_TOOL_TEXT),
        status: 'running',
        startedAt: ctx.now(),
      };
      records.push(record);
      writeCalls();
      const outcome = await tools.call(call.name, call.arguments, ctx.signal);
      if (ctx.signal.aborted) {
        Object.assign(record, {
          status: 'failed',
          result: 'cancelled',
          durationMs: ctx.now() - record.startedAt,
        });
        writeCalls();
        return { ...turn, status: 'cancelled' };
      }
      const content = cap(outcome.content, MAX_TOOL_RESULT);
      Object.assign(record, {
        status: outcome.isError ? 'failed' : 'succeeded',
        result: cap(outcome.content, MAX_SHOWN_TOOL_TEXT),
        durationMs: ctx.now() - record.startedAt,
      });
      writeCalls();
      messages.push({
        role: 'tool',
        toolCallId: call.id,
        content,
        ...(outcome.isError ? { isError: true } : {}),
      });
    }
  }
  if (!last) throw new RangeError('the tool loop was given no model turn');
  return {
    ...last,
    status: 'failed',
    error: `the model still asked for tools after ${maxIterations} turns`,
    errorCode: ErrorCodes.toolsMaxIterations,
  };
}
