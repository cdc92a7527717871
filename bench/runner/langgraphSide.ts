import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import type { CallModel } from '@synapse/runner';
import type { Dag } from './dag';

/**
 * The same DAG as a LangGraph JS `StateGraph` (Pregel super-steps, no checkpointer): one node function per
 * DAG node, `addEdge(START, root)` for the roots and the idiomatic join `addEdge([a, b, c], node)` — the
 * node runs once after all of a, b and c (a named barrier channel), which is what a DAG edge set means.
 * Each node calls the same model as the executor's side and passes its predecessors' joined outputs.
 *
 * State, two idiomatic ways (both measured):
 * - `reducer`: one `outputs` record with a merge reducer (`{ ...current, ...update }`), the usual
 *   "dict of results" state — the faster of the two here;
 * - `channels`: one LastValue channel per node (`o_<id>`); with 1,000 channels every task reads a
 *   1,000-key state, which makes it about ten times slower on the 1,000-node graph.
 */
export type LangGraphState = 'channels' | 'reducer';

export interface LangGraphSide {
  invoke(options?: { maxConcurrency?: number }): Promise<{ nodesRun: number; outputs: number }>;
  compileMs: number;
}

interface LooseBuilder {
  addNode(
    name: string,
    fn: (state: Record<string, unknown>) => Promise<Record<string, unknown>>,
  ): LooseBuilder;
  addEdge(from: string | string[], to: string): LooseBuilder;
  compile(): {
    invoke(
      input: Record<string, unknown>,
      config: { recursionLimit: number; maxConcurrency?: number },
    ): Promise<Record<string, unknown>>;
  };
}

async function collectText(callModel: CallModel, prompt: string): Promise<string> {
  let text = '';
  for await (const event of callModel({
    chain: [{ provider: 'bench', model: 'bench' }],
    prompt,
    retries: 0,
    signal: NEVER_ABORTED,
  })) {
    if (event.type === 'text') text += event.text;
  }
  return text;
}

const NEVER_ABORTED = new AbortController().signal;

export function buildLangGraph(dag: Dag, callModel: CallModel, state: LangGraphState): LangGraphSide {
  const ids = dag.levels.flat();
  const channel = (id: string) => `o_${id}`;
  const schema =
    state === 'channels'
      ? Annotation.Root({
          topic: Annotation<string>,
          ...Object.fromEntries(ids.map((id) => [channel(id), Annotation<string>])),
        })
      : Annotation.Root({
          topic: Annotation<string>,
          outputs: Annotation<Record<string, string>>({
            reducer: (current, update) => ({ ...current, ...update }),
            default: () => ({}),
          }),
        });
  let nodesRun = 0;
  const builder = new StateGraph(schema) as unknown as LooseBuilder;
  for (const id of ids) {
    const preds = dag.preds.get(id) ?? [];
    builder.addNode(id, async (s) => {
      nodesRun += 1;
      const upstream =
        preds.length === 0
          ? String(s.topic)
          : state === 'channels'
            ? preds.map((p) => String(s[channel(p)] ?? '')).join('\n\n')
            : preds.map((p) => (s.outputs as Record<string, string>)[p] ?? '').join('\n\n');
      const text = await collectText(callModel, upstream);
      return state === 'channels' ? { [channel(id)]: text } : { outputs: { [id]: text } };
    });
  }
  for (const id of ids) {
    const preds = dag.preds.get(id) ?? [];
    if (preds.length === 0) builder.addEdge(START, id);
    else if (preds.length === 1) builder.addEdge(preds[0] as string, id);
    else builder.addEdge(preds, id);
  }
  for (const id of dag.levels[dag.levels.length - 1] ?? []) builder.addEdge(id, END);
  const started = performance.now();
  const graph = builder.compile();
  const compileMs = performance.now() - started;
  return {
    compileMs,
    async invoke(options = {}) {
      nodesRun = 0;
      const result = await graph.invoke(
        { topic: 'tides' },
        {
          recursionLimit: dag.levels.length + 10,
          ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
        },
      );
      const outputs =
        state === 'channels'
          ? ids.filter((id) => typeof result[channel(id)] === 'string').length
          : Object.keys((result.outputs as Record<string, string>) ?? {}).length;
      return { nodesRun, outputs };
    },
  };
}
