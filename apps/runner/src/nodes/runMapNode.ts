import {
  ErrorCodes,
  type MapNodeData,
  mapCallSettings,
  mapDataOf,
  RUNNER_ORIGIN,
  renderMapPrompt,
  renderTemplate,
  splitMapItems,
  startMapItems,
  updateMapItem,
  updateNodeRun,
} from '@synapse/schema';
import { type CallModel, errorCodeOf, type ModelEvent } from '../callModel';
import type { RunNodeContext } from '../RunNodeContext';
import type { NodeExecutor } from './NodeExecutor';
import { showInput } from './showInput';
import { templateContextOf } from './templateContextOf';

type ItemOutcome =
  | { status: 'succeeded'; output: string }
  | { status: 'failed'; error: string; errorCode: string }
  | { status: 'cancelled' };

/** What the items' calls add up to: usage and cost for the node, the model that ran last. */
interface MapTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  provider: string | null;
  model: string | null;
}

/**
 * A Map runs its inner agent once per item of its list, at most `concurrency` items at a time, through
 * the same routed call as agents (retries, fallbacks, cancellation). Each item's state is written to
 * the run document's `items`; the node's output is the JSON array of the item outputs in list order.
 * Under `fail` the first failed item cancels the rest and fails the node; under `skip` it becomes null.
 */
export const runMapNode: NodeExecutor = async (node, ctx, base) => {
  const map = mapDataOf(node);
  const settings = mapCallSettings(map);
  const template = templateContextOf(ctx);
  const listText = renderTemplate(map.list, template);
  showInput(ctx, node.id, listText);
  const split = splitMapItems(listText, map.listFormat);
  if (!split.ok) return { ...base, status: 'failed', error: split.error, errorCode: ErrorCodes.runMapList };
  const items = split.items;
  ctx.writer.update((doc) => startMapItems(doc, node.id, items.length, RUNNER_ORIGIN));

  const totals: MapTotals = { inputTokens: 0, outputTokens: 0, costUsd: 0, provider: null, model: null };
  const stop = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stop.signal]);
  const results: (string | null)[] = items.map(() => null);
  let firstFailure: { index: number; error: string; errorCode: string } | null = null;
  let next = 0;

  const worker = async () => {
    while (next < items.length && !signal.aborted) {
      const index = next++;
      const outcome = await runItem(
        node.id,
        map,
        settings,
        ctx,
        signal,
        totals,
        items[index] as string,
        index,
      );
      if (outcome.status === 'succeeded') results[index] = outcome.output;
      else if (outcome.status === 'failed' && map.failurePolicy === 'fail' && firstFailure === null) {
        firstFailure = { index, error: outcome.error, errorCode: outcome.errorCode };
        stop.abort('item_failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, items.length) }, worker));

  ctx.writer.update((doc) => {
    for (let index = next; index < items.length; index++)
      updateMapItem(doc, node.id, index, { status: 'cancelled' }, RUNNER_ORIGIN);
  });
  const summary = {
    ...base,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    costUsd: totals.costUsd,
    provider: totals.provider,
    model: totals.model,
  };
  if (ctx.signal.aborted) return { ...summary, status: 'cancelled' };
  const failure = firstFailure as { index: number; error: string; errorCode: string } | null;
  if (failure) {
    // The item's own error only: how many others had not started depends on timing (and export's
    // scripts must print what Synapse prints).
    return {
      ...summary,
      status: 'failed',
      error: `item ${failure.index} failed: ${failure.error}`,
      errorCode: failure.errorCode,
    };
  }
  const output = JSON.stringify(results);
  ctx.writer.appendOutput(node.id, output);
  return { ...summary, output };
};

async function runItem(
  nodeId: string,
  map: MapNodeData,
  settings: ReturnType<typeof mapCallSettings>,
  ctx: RunNodeContext,
  signal: AbortSignal,
  totals: MapTotals,
  item: string,
  index: number,
): Promise<ItemOutcome> {
  const write = (patch: Parameters<typeof updateMapItem>[3]) =>
    ctx.writer.update((doc) => updateMapItem(doc, nodeId, index, patch, RUNNER_ORIGIN));
  write({ status: 'running', startedAt: ctx.now() });
  const template = templateContextOf(ctx);
  const system = map.systemPrompt ? renderMapPrompt(map.systemPrompt, template, item, index) : '';
  const request: Parameters<CallModel>[0] = {
    chain: settings.chain,
    ...(system ? { system } : {}),
    prompt: renderMapPrompt(map.userPrompt, template, item, index),
    ...(map.temperature !== undefined ? { temperature: map.temperature } : {}),
    ...(map.maxTokens !== undefined ? { maxTokens: map.maxTokens } : {}),
    retries: settings.retries,
    ...(settings.timeoutMs !== null ? { timeoutMs: settings.timeoutMs } : {}),
    signal,
  };
  let output = '';
  let usage = { inputTokens: 0, outputTokens: 0 };
  let model: { provider: string; model: string } | null = null;
  const addCost = () => {
    if (!model || totals.costUsd === null) return;
    const cost = ctx.estimateCost ? ctx.estimateCost(model.provider, model.model, usage) : 0;
    totals.costUsd = cost === null ? null : totals.costUsd + cost;
    usage = { inputTokens: 0, outputTokens: 0 };
  };
  const finish = (outcome: ItemOutcome): ItemOutcome => {
    addCost();
    write({
      status: outcome.status,
      finishedAt: ctx.now(),
      ...(outcome.status === 'succeeded' ? { output: outcome.output } : {}),
      ...(outcome.status === 'failed' ? { error: outcome.error, errorCode: outcome.errorCode } : {}),
    });
    ctx.writer.update((doc) =>
      updateNodeRun(
        doc,
        nodeId,
        { usage: { inputTokens: totals.inputTokens, outputTokens: totals.outputTokens } },
        RUNNER_ORIGIN,
      ),
    );
    return outcome;
  };
  try {
    for await (const event of ctx.callModel(request) as AsyncIterable<ModelEvent>) {
      if (event.type === 'attempt') {
        ctx.onAttempt();
        addCost();
        model = { provider: event.provider, model: event.model };
        totals.provider = event.provider;
        totals.model = event.model;
        write({ attempt: event.attempt });
      } else if (event.type === 'restart') output = '';
      else if (event.type === 'text') output += event.text;
      else if (event.type === 'usage') {
        usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
        totals.inputTokens += event.inputTokens;
        totals.outputTokens += event.outputTokens;
      }
    }
    if (signal.aborted) return finish({ status: 'cancelled' });
    return finish({ status: 'succeeded', output });
  } catch (error) {
    if (signal.aborted) return finish({ status: 'cancelled' });
    const message = error instanceof Error ? error.message : String(error);
    return finish({ status: 'failed', error: message, errorCode: errorCodeOf(error) });
  }
}
