export interface RunArgs {
  file: string;
  inputs: Record<string, string>;
  json: boolean;
  concurrency: number;
  /** Approve every Human approval node as proposed instead of asking on the terminal. */
  approve: boolean;
}

export const RUN_USAGE = `Usage: synapse run <workflow.json> [--input name=value]... [--json] [--concurrency n] [--approve]

Runs a workflow file (as exported from the editor) in this process, with no server, and prints its
outputs. Progress goes to stderr, results to stdout. Exit code 0 when the run succeeded, 1 when it
failed, 2 for a usage error. Provider keys come from the environment (OPENAI_API_KEY,
ANTHROPIC_API_KEY, …); the built-in local model needs none. HTTP request nodes read {{secrets.NAME}}
from SYNAPSE_SECRET_NAME (sent only to the hosts in SYNAPSE_SECRET_NAME_HOSTS, separated by commas,
when set) and may only reach public addresses unless SYNAPSE_ALLOWED_ADDRESSES
(hosts and CIDRs) or SYNAPSE_ALLOW_PRIVATE_ADDRESSES=true say otherwise. Human approval nodes ask on
the terminal (y / e to edit / N); --approve approves them all as proposed.`;

/** Parses `synapse run` arguments, or says what is wrong with them. */
export function parseRunArgs(
  argv: readonly string[],
): { ok: true; args: RunArgs } | { ok: false; message: string } {
  const inputs: Record<string, string> = {};
  let file: string | undefined;
  let json = false;
  let concurrency = 4;
  let approve = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[i + 1];
      i += 1;
      return next;
    };
    if (arg === '--json') json = true;
    else if (arg === '--approve') approve = true;
    else if (arg === '--input' || arg === '-i' || arg.startsWith('--input=')) {
      const pair = arg.startsWith('--input=') ? arg.slice('--input='.length) : value();
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0)
        return { ok: false, message: `--input needs name=value, got ${JSON.stringify(pair ?? '')}` };
      inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg === '--concurrency') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 64)
        return { ok: false, message: '--concurrency must be 1-64' };
      concurrency = n;
    } else if (arg.startsWith('-')) return { ok: false, message: `unknown option ${arg}` };
    else if (file === undefined) file = arg;
    else return { ok: false, message: `unexpected argument ${JSON.stringify(arg)}` };
  }
  if (!file) return { ok: false, message: 'which workflow file? (synapse run <workflow.json>)' };
  return { ok: true, args: { file, inputs, json, concurrency, approve } };
}
