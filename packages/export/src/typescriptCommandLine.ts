// Part of the exported TypeScript runtime (see typescriptRuntime.ts): the command line.
// (Kept free of backticks and dollar-brace: it is a String.raw template.)

/** The command line of an exported script (apps/cli: parseRunArgs, resolveRunInputs, runCommand). */
export const TYPESCRIPT_COMMAND_LINE = String.raw`// --- Command line (apps/cli: parseRunArgs, resolveRunInputs, runCommand) -----------------------

function parseArgs(argv: string[]): { given: Record<string, string>; concurrency: number } | string {
  const given: Record<string, string> = {};
  let concurrency = DEFAULT_CONCURRENCY;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--input' || arg === '-i' || arg.startsWith('--input=')) {
      const pair = arg.startsWith('--input=') ? arg.slice('--input='.length) : (argv[++i] ?? '');
      const eq = pair.indexOf('=');
      if (eq <= 0) return '--input needs name=value, got ' + JSON.stringify(pair);
      given[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg === '--concurrency') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 64) return '--concurrency must be 1-64';
      concurrency = n;
    } else return 'unknown argument ' + JSON.stringify(arg);
  }
  return { given, concurrency };
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Declared defaults for inputs not given; names no Input node declares, required inputs left empty and
 * values that do not fit their declared type are problems (apps/cli: resolveRunInputs).
 */
function resolveInputs(
  workflow: WorkflowSpec,
  given: Record<string, string>,
): { inputs: Record<string, string>; problems: string[] } {
  const declared = new Map<string, InputSpec>();
  for (const input of workflow.inputs) declared.set(input.name, input);
  // A legacy Input node (no variables) takes a value by its id or its label.
  const legacy = Object.entries(workflow.nodes).flatMap(([id, node]) =>
    node.type === 'input' && node.variables.length === 0 ? [[id, node.label] as const] : [],
  );
  const legacyKeys = new Set(legacy.flatMap(([id, label]) => [id, label]).filter(Boolean));
  const takes = [...declared.keys(), ...legacy.map(([id, label]) => label || id)];
  const inputs: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    if (declared.has(key)) continue;
    if (legacyKeys.has(key)) inputs[key] = value;
    else
      problems.push(
        'unknown input "' + key + '"' +
          (takes.length ? '; this workflow takes ' + takes.join(', ') : ': this workflow declares no inputs'),
      );
  }
  for (const input of declared.values()) {
    const value = Object.hasOwn(given, input.name) ? (given[input.name] ?? '') : input.default;
    inputs[input.name] = value;
    if (input.required && value.trim() === '') problems.push('input "' + input.name + '" is required');
    else if (input.type === 'number' && value !== '' && !NUMBER.test(value.trim()))
      problems.push('input "' + input.name + '" must be a number, got ' + JSON.stringify(value));
    else if (input.type === 'boolean' && value !== '' && !['true', 'false'].includes(value.trim()))
      problems.push('input "' + input.name + '" must be true or false, got ' + JSON.stringify(value));
  }
  return { inputs, problems };
}

/** The exported workflow in the shape called workflows have (SUBWORKFLOWS). */
const WORKFLOW: WorkflowSpec = { name: WORKFLOW_NAME, inputs: INPUTS, nodes: NODES, refs: REFS, outputs: OUTPUTS };

async function main(argv: string[]): Promise<number> {
  const script = (process.argv[1] ?? 'workflow.mts').split(/[\\/]/).pop() as string;
  const usage = (WORKFLOW_NAME ? WORKFLOW_NAME + '\n\n' : '') + USAGE.replace('SCRIPT', script);
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    process.stdout.write(usage + '\n');
    return 0;
  }
  if (typeof parsed === 'string') {
    process.stderr.write(script + ': ' + parsed + '\n\n' + usage + '\n');
    return 2;
  }
  const { inputs, problems } = resolveInputs(WORKFLOW, parsed.given);
  if (problems.length > 0) {
    process.stderr.write(script + ': ' + problems.join('; ') + '\n');
    return 2;
  }
  const results = await runWorkflow(WORKFLOW, inputs, parsed.concurrency);
  const failed = [...results].filter(([, r]) => r.status === 'failed');
  for (const [id, r] of failed) process.stderr.write('\u2717 ' + terminalSafe(id) + ': ' + terminalSafe(r.error ?? 'failed') + '\n');
  const shown = OUTPUTS.filter(([id]) => results.get(id)?.status === 'succeeded').map(
    ([id, label]) => [label, results.get(id)?.output ?? ''] as const,
  );
  if (shown.length === 1) process.stdout.write((shown[0] as readonly [string, string])[1] + '\n');
  else for (const [label, text] of shown) process.stdout.write('== ' + terminalSafe(label) + ' ==\n' + text + '\n\n');
  const succeeded = [...results.values()].filter((r) => r.status === 'succeeded').length;
  const tokens = [...results.values()].reduce((sum, r) => sum + r.tokens, 0);
  process.stderr.write(
    'Run ' + (failed.length > 0 ? 'failed' : 'succeeded') + ': ' + succeeded + ' node(s) succeeded, ' +
      failed.length + ' failed, ' + tokens + ' tokens\n',
  );
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
`;
