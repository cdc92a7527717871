import type { ChatMessage, ToolCall } from '@synapse/providers';
import {
  agentDataOf,
  type GraphNode,
  inputVariablesOf,
  type NodeAttempt,
  RUNNER_ORIGIN,
  renderTemplate,
  resetNodeOutput,
  routerDataOf,
  type ToolCallRecord,
  updateNodeRun,
} from '@synapse/schema';
import { type CallModel, errorCodeOf, type ModelEvent, type NodeTools } from './callModel';
import type { RunWriter } from './createRunWriter';
import { pickBranchByLabel, pickBranchByRule, routerInstruction } from './pickBranch';

/** A node's final state: what the run document shows and what the checkpoint keeps. */
export interface NodeResult {
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  output: string;
  branch: string | null;
  attempt: number;
  provider: string | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  error: string | null;
  errorCode: string | null;
  startedAt: number | null;
  finishedAt: number;
}

export interface RunNodeContext {
  /** Joined outputs of the predecessors whose edges are live. */
  upstream: string;
  outputs: Record<string, string>;
  inputs: Record<string, string>;
  /** The node had started under an earlier runner: it runs again from scratch and says so. */
  restarted: boolean;
  callModel: CallModel;
  writer: RunWriter;
  signal: AbortSignal;
  onAttempt(): void;
  estimateCost?(
    provider: string,
    model: string,
    usage: { inputTokens: number; outputTokens: number },
  ): number | null;
  now(): number;
}

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
          errorCode: 'synapse.run.no_branch',
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
        errorCode: 'synapse.run.no_branch',
      });
    }
    ctx.writer.appendOutput(node.id, text);
    return finish({ ...base, ...call, output: text, branch: branch.id });
  }

  const agent = agentDataOf(node);
  const prompt = renderTemplate(agent.userPrompt || '{{input}}', template);
  showInput(ctx, node.id, prompt);
  const memory = ctx.callModel.memory;
  if ((agent.memoryRead || agent.memoryWrite) && !memory) {
    return finish({
      ...base,
      status: 'failed',
      error: 'this runner has no memory bank, so an agent using memory cannot run here',
      errorCode: 'synapse.memory.unavailable',
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
        errorCode: 'synapse.memory.unavailable',
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
        errorCode: 'synapse.memory.write_failed',
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
  const toolbox = ctx.callModel.toolbox;
  if (!toolbox) {
    return finish({
      ...base,
      status: 'failed',
      error: 'this runner has no tools configured, so an agent with tools cannot run here',
      errorCode: 'synapse.tools.unavailable',
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

/** Hard cap on model turns of one agent's tool-calling loop, whatever the node asks for. */
const MAX_TOOL_ITERATIONS = 25;
/** Tool arguments and results shown in the run document are cut here; the model gets up to MAX_RESULT. */
const MAX_SHOWN_TOOL_TEXT = 4_000;
const MAX_TOOL_RESULT = 32_000;

function cap(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * The tool-calling loop: call the model with the tools; while it asks for calls, run them (in order),
 * show each in the run document as it starts and ends, and send the results back. Tool failures are
 * results the model sees, not node failures. The node's output is the final turn's text.
 */
async function runToolLoop(
  node: GraphNode,
  ctx: RunNodeContext,
  request: Parameters<CallModel>[0],
  tools: NodeTools,
  maxIterations: number,
): Promise<CallResult> {
  const specs = tools.tools.map((t) => ({
    name: t.name,
    inputSchema: t.inputSchema,
    ...(t.description ? { description: t.description } : {}),
  }));
  const refOf = new Map(tools.tools.map((t) => [t.name, t.ref]));
  const messages: ChatMessage[] = [{ role: 'user', content: request.prompt }];
  const records: ToolCallRecord[] = [];
  const carry: CallCarry = { attempts: [], inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const writeCalls = () =>
    ctx.writer.update((doc) =>
      updateNodeRun(doc, node.id, { toolCalls: records.map((r) => ({ ...r })) }, RUNNER_ORIGIN),
    );
  let last: CallResult | null = null;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
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
  return {
    ...(last as CallResult),
    status: 'failed',
    error: `the model still asked for tools after ${maxIterations} turns`,
    errorCode: 'synapse.tools.max_iterations',
  };
}

function showInput(ctx: RunNodeContext, nodeId: string, text: string): void {
  const input = text.length > MAX_SHOWN_INPUT ? `${text.slice(0, MAX_SHOWN_INPUT)}…` : text;
  ctx.writer.update((doc) => updateNodeRun(doc, nodeId, { input }, RUNNER_ORIGIN));
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

type CallResult = Pick<
  NodeResult,
  | 'status'
  | 'output'
  | 'attempt'
  | 'provider'
  | 'model'
  | 'inputTokens'
  | 'outputTokens'
  | 'costUsd'
  | 'error'
  | 'errorCode'
>;

/** What consecutive calls of one node (the turns of a tool loop) accumulate: attempts, usage, cost. */
interface CallCarry {
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
async function streamModel(
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
