import { type AddressPolicy, createGuardedFetch, DEFAULT_ADDRESS_POLICY } from '@synapse/db';
import {
  createModelRouter,
  createProviderRegistry,
  estimateCost,
  type ProviderCredentials,
} from '@synapse/providers';
import { createCallModel, runHeadless } from '@synapse/runner';
import type { NodeRunState, ScopedSecret } from '@synapse/schema';
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
  const graph = await readWorkflowArg('run', file, io);
  if (!graph) return 2;
  const registry = createProviderRegistry({
    credentials: async (id) => io.credentials(id),
    local: { tokenDelayMs: 0 },
  });
  const router = createModelRouter({ resolveProvider: (id) => registry.get(id) });
  const result = await runHeadless({
    graph,
    inputs,
    callModel: createCallModel(router),
    http: {
      fetch: createGuardedFetch({ policy: io.addressPolicy ?? DEFAULT_ADDRESS_POLICY }),
      readSecrets: async (names) => {
        const found = new Map<string, ScopedSecret>();
        for (const name of names) {
          const secret = io.secret?.(name);
          if (secret !== undefined) found.set(name, secret);
        }
        return found;
      },
    },
    concurrency,
    signal: io.signal,
    estimateCost,
    approvals: createTerminalApprovalGate({
      autoApprove: approve,
      ...(io.ask ? { ask: io.ask } : {}),
      stderr: io.stderr,
    }),
    onNodeStatus: (_id, label, status) => {
      if (!json) io.stderr(`${SYMBOL[status] ?? '·'} ${terminalSafe(label)} ${status}\n`);
    },
  });
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
            inputTokens: outcome.inputTokens,
            outputTokens: outcome.outputTokens,
            costUsd: outcome.costUsd,
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
    for (const [id, node] of Object.entries(run.nodes)) {
      if (node.status === 'failed')
        io.stderr(`✗ ${terminalSafe(id)}: ${terminalSafe(node.error ?? 'failed')}\n`);
      const skipped = node.status === 'succeeded' ? failedItems(node) : [];
      if (skipped.length > 0)
        io.stderr(
          `! ${terminalSafe(id)}: item${skipped.length > 1 ? 's' : ''} ${skipped.join(', ')} failed and are null\n`,
        );
    }
    if (outputs.length === 1) io.stdout(`${outputs[0]?.text ?? ''}\n`);
    else for (const o of outputs) io.stdout(`== ${terminalSafe(o.label)} ==\n${o.text}\n\n`);
    io.stderr(
      `Run ${outcome.status}: ${outcome.nodesSucceeded} node(s) succeeded, ${outcome.nodesFailed} failed, ${
        outcome.inputTokens + outcome.outputTokens
      } tokens\n`,
    );
  }
  return outcome.status === 'succeeded' ? 0 : 1;
}

/** A Map node's failed items (by index): under `skip` they are null in its output. */
function failedItems(node: NodeRunState): number[] {
  return (node.items ?? []).filter((i) => i.status === 'failed').map((i) => i.index);
}
