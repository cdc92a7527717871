import { type AddressPolicy, createGuardedFetch, DEFAULT_ADDRESS_POLICY } from '@synapse/db';
import {
  createModelRouter,
  createProviderRegistry,
  estimateCost,
  type ProviderCredentials,
} from '@synapse/providers';
import { createCallModel, type HeadlessRunResult, type NodeHttp, runHeadless } from '@synapse/runner';
import {
  followBundledCalls,
  type NodeRunState,
  type RunSnapshot,
  type ScopedSecret,
  type WorkflowGraph,
} from '@synapse/schema';
import { createBundledSubworkflowGate } from './createBundledSubworkflowGate';
import { createTerminalApprovalGate } from './createTerminalApprovalGate';
import { parseRunArgs, RUN_USAGE } from './parseRunArgs';
import { readWorkflowArg } from './readWorkflowArg';
import { terminalSafe } from './terminalSafe';

export interface RunCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Provider keys and base URLs from the environment (see headlessCredentials in config.ts). */
  credentials(providerId: string): ProviderCredentials | null;
  /**
   * `{{secrets.NAME}}` of HTTP request nodes and the hosts each may reach (`SYNAPSE_SECRET_<NAME>` and
   * `SYNAPSE_SECRET_<NAME>_HOSTS`; see headlessSecret in config.ts).
   */
  secret?(name: string): ScopedSecret | undefined;
  /** Where HTTP request nodes may connect (default: public addresses only). */
  addressPolicy?: AddressPolicy;
  signal?: AbortSignal;
  /** Asks one line on the terminal (Human approval nodes); absent when stdin is not a terminal. */
  ask?(question: string): Promise<string>;
}

const SYMBOL: Record<string, string> = {
  running: '▶',
  succeeded: '✓',
  failed: '✗',
  skipped: '–',
  cancelled: '■',
};

/** `synapse run <workflow.json>`: runs a workflow file in this process and prints its outputs. */
export async function runCommand(argv: readonly string[], io: RunCommandIo): Promise<number> {
  const parsed = parseRunArgs(argv);
  if (!parsed.ok) {
    io.stderr(`synapse run: ${parsed.message}\n\n${RUN_USAGE}\n`);
    return 2;
  }
  const { file, inputs, json, concurrency, approve } = parsed.args;
  const workflow = await readWorkflowArg('run', file, io);
  if (!workflow) return 2;
  const { graph, subworkflows } = workflow;
  // A call the file lacks, a cycle or calls nested too deep: refused before anything runs.
  const callProblem = followBundledCalls(graph, subworkflows);
  if (callProblem) {
    io.stderr(`synapse run: ${file}: ${callProblem.message}\n`);
    return 2;
  }
  const registry = createProviderRegistry({
    credentials: async (id) => io.credentials(id),
    local: { tokenDelayMs: 0 },
  });
  const router = createModelRouter({ resolveProvider: (id) => registry.get(id) });
  const callModel = createCallModel(router);
  const http: NodeHttp = {
    fetch: createGuardedFetch({ policy: io.addressPolicy ?? DEFAULT_ADDRESS_POLICY }),
    readSecrets: async (names) => {
      const found = new Map<string, ScopedSecret>();
      for (const name of names) {
        const secret = io.secret?.(name);
        if (secret !== undefined) found.set(name, secret);
      }
      return found;
    },
  };
  const approvals = createTerminalApprovalGate({
    autoApprove: approve,
    ...(io.ask ? { ask: io.ask } : {}),
    stderr: io.stderr,
  });
  // What called workflows used: the parent's outcome counts only its own nodes.
  const childUsage = { inputTokens: 0, outputTokens: 0, costUsd: null as number | null };
  // A called workflow runs as a run of its own, in this process, with the same providers, secrets and
  // approvals; its progress lines are prefixed with the calling node (`Summarize › Writer running`).
  const runGraph = (
    graph: WorkflowGraph,
    inputs: Record<string, string>,
    prefix: string,
  ): Promise<HeadlessRunResult> =>
    runHeadless({
      graph,
      inputs,
      callModel,
      http,
      concurrency,
      signal: io.signal,
      estimateCost,
      approvals,
      subworkflows: createBundledSubworkflowGate({
        graph,
        bundle: subworkflows,
        run: async (child, childInputs, callerLabel) => {
          const childPrefix = `${prefix}${callerLabel} › `;
          const result = await runGraph(child, childInputs, childPrefix);
          if (!result.ok) return result;
          childUsage.inputTokens += result.outcome.inputTokens;
          childUsage.outputTokens += result.outcome.outputTokens;
          childUsage.costUsd = addCost(childUsage.costUsd, result.outcome.costUsd);
          if (!json) reportNodeProblems(result.run, childPrefix, io);
          return result;
        },
      }),
      onNodeStatus: (_id, label, status) => {
        if (!json)
          io.stderr(`${SYMBOL[status] ?? '·'} ${terminalSafe(prefix)}${terminalSafe(label)} ${status}\n`);
      },
    });
  const result = await runGraph(graph, inputs, '');
  if (!result.ok) {
    io.stderr(`synapse run: ${file}: ${result.message}\n`);
    return 2;
  }
  const { outcome, run, outputs } = result;
  if (json) {
    io.stdout(
      `${JSON.stringify(
        {
          status: outcome.status,
          error: outcome.error,
          outputs: Object.fromEntries(outputs.map((o) => [o.label, o.text])),
          usage: {
            inputTokens: outcome.inputTokens + childUsage.inputTokens,
            outputTokens: outcome.outputTokens + childUsage.outputTokens,
            costUsd: addCost(outcome.costUsd, childUsage.costUsd),
          },
          nodes: Object.fromEntries(
            Object.entries(run.nodes).map(([id, n]) => [
              id,
              {
                status: n.status,
                attempt: n.attempt,
                ...(n.error ? { error: n.error } : {}),
                ...(failedItems(n).length > 0 ? { failedItems: failedItems(n) } : {}),
              },
            ]),
          ),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    reportNodeProblems(run, '', io);
    if (outputs.length === 1) io.stdout(`${outputs[0]?.text ?? ''}\n`);
    else for (const o of outputs) io.stdout(`== ${terminalSafe(o.label)} ==\n${o.text}\n\n`);
    io.stderr(
      `Run ${outcome.status}: ${outcome.nodesSucceeded} node(s) succeeded, ${outcome.nodesFailed} failed, ${
        outcome.inputTokens + outcome.outputTokens + childUsage.inputTokens + childUsage.outputTokens
      } tokens\n`,
    );
  }
  return outcome.status === 'succeeded' ? 0 : 1;
}

/** Failed nodes with their error, and Map nodes that went on without failed items, on stderr. */
function reportNodeProblems(run: RunSnapshot, prefix: string, io: Pick<RunCommandIo, 'stderr'>): void {
  for (const [id, node] of Object.entries(run.nodes)) {
    const name = terminalSafe(`${prefix}${id}`);
    if (node.status === 'failed') io.stderr(`✗ ${name}: ${terminalSafe(node.error ?? 'failed')}\n`);
    const skipped = node.status === 'succeeded' ? failedItems(node) : [];
    if (skipped.length > 0)
      io.stderr(
        `! ${name}: item${skipped.length > 1 ? 's' : ''} ${skipped.join(', ')} failed and are null\n`,
      );
  }
}

/** Two costs added; null (unknown) only when both are. */
function addCost(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}

/** A Map node's failed items (by index): under `skip` they are null in its output. */
function failedItems(node: NodeRunState): number[] {
  return (node.items ?? []).filter((i) => i.status === 'failed').map((i) => i.index);
}
