import type {
  ExportPlan,
  PlanBranch,
  PlanInput,
  PlanModel,
  PlanModelCall,
  PlanNode,
  PlanSubworkflow,
} from './buildExportPlan';
import { bundledVersionText, describeExport, exportFileName } from './describeExport';
import { commentText, stringLiteral, textLiteral } from './escapeString';
import type { ExportProvider } from './exportProviders';
import { typescriptHttpFields } from './httpNodeFields';
import type { PlanStructured } from './planStructured';
import type { SdkName } from './typescriptModelCalls';
import { typescriptPrelude, typescriptRuntime } from './typescriptRuntime';

// A standalone TypeScript ES module: a header, the SDK imports and table types, the workflow as data
// tables (nodes, inputs, outputs, providers) and the runtime that executes them.

const str = (text: string) => stringLiteral(text, 'ts');

/** An object key; `__proto__` must be computed, or the literal would set the prototype instead. */
const key = (text: string) => (text === '__proto__' ? `[${str(text)}]` : str(text));

const num = (value: number | null) => (value === null ? 'null' : Object.is(value, -0) ? '0' : String(value));

function field(name: string, literal: string): string {
  return literal.startsWith('\n') ? `${name}:${literal},` : `${name}: ${literal},`;
}

const models = (list: PlanModel[]) =>
  `[${list.map((m) => `[${str(m.provider)}, ${str(m.model)}]`).join(', ')}]`;

function branches(list: PlanBranch[], indent: string): string {
  const rows = list.map(
    (b) =>
      `${indent}  { id: ${str(b.id)}, label: ${str(b.label)}, match: ${b.match === null ? 'null' : str(b.match)}, value: ${str(b.value)} },`,
  );
  return `[\n${rows.join('\n')}\n${indent}]`;
}

const describeModels = (list: PlanModel[]) => list.map((m) => `${m.provider}/${m.model}`).join(', then ');

function modelCallFields(call: PlanModelCall, text: (value: string) => string): string[] {
  return [
    field('models', models(call.models)),
    field('system', text(call.system)),
    field('prompt', text(call.prompt)),
    field('temperature', num(call.temperature)),
    field('maxTokens', num(call.maxTokens)),
    field('retries', num(call.retries)),
    field('timeoutMs', num(call.timeoutMs)),
  ];
}

/** The schema as JSON text parsed at load time (a `__proto__` field stays a field). */
function structuredField(structured: PlanStructured | null, indent: string): string {
  if (!structured) return 'null';
  const [before, after] = structured.repair;
  const inner = `${indent}  `;
  return [
    '{',
    `${inner}schema: JSON.parse(${str(JSON.stringify(structured.schema))}) as OutputField,`,
    `${inner}${field('instruction', textLiteral(structured.instruction, 'ts', inner))}`,
    `${inner}repair: [${str(before)}, ${textLiteral(after, 'ts', inner).trimStart()}],`,
    `${indent}}`,
  ].join('\n');
}

/** A node's entry in a nodes table, its key indented by `pad`. */
function nodeEntry(node: PlanNode, pad = '  '): string[] {
  const i = `${pad}  `;
  const text = (value: string) => textLiteral(value, 'ts', i);
  const fields = [
    field('type', str(node.type)),
    field('label', str(node.label)),
    field('after', `[${node.after.map((e) => `[${str(e.source)}, ${str(e.handle)}]`).join(', ')}]`),
  ];
  let about: string = node.type;
  if (node.type === 'input') {
    fields.push(
      field('variables', `[${node.variables.map(str).join(', ')}]`),
      field('value', text(node.value)),
    );
  } else if (node.type === 'agent') {
    about = `agent${node.structured ? ', structured output' : ''}: ${describeModels(node.models)}`;
    fields.push(...modelCallFields(node, text), field('structured', structuredField(node.structured, i)));
  } else if (node.type === 'map') {
    about = `map, ${node.concurrency} items at a time, ${node.failurePolicy} on a failed item: ${describeModels(node.models)}`;
    fields.push(
      field('list', text(node.list)),
      field('listFormat', str(node.listFormat)),
      ...modelCallFields(node, text),
      field('concurrency', num(node.concurrency)),
      field('failurePolicy', str(node.failurePolicy)),
      field('maxItems', num(node.maxItems)),
    );
  } else if (node.type === 'router') {
    fields.push(field('mode', str(node.mode)), field('prompt', text(node.prompt)));
    if (node.mode === 'llm') {
      about = `router, the model picks a branch: ${describeModels(node.models)}`;
      fields.push(
        field('models', models(node.models)),
        field('system', text(node.system)),
        field('retries', num(node.retries)),
      );
    } else about = 'router, first matching rule';
    fields.push(field('branches', branches(node.branches, i)));
  } else if (node.type === 'http') {
    about = `HTTP ${node.method}`;
    fields.push(...typescriptHttpFields(node, i).map(([name, literal]) => field(name, literal)));
  } else if (node.type === 'subworkflow') {
    about = `sub-workflow ${node.workflow}`;
    fields.push(
      field('workflow', str(node.workflow)),
      field(
        'inputs',
        `[${node.inputs.map(([name, template]) => `[${str(name)}, ${str(template)}]`).join(', ')}]`,
      ),
    );
  }
  return [
    `${pad}// ${commentText(node.label || node.id, 'ts')} (${commentText(about, 'ts')})`,
    `${pad}${key(node.id)}: {`,
    ...fields.map((f) => `${i}${f}`),
    `${pad}},`,
  ];
}

/** An INPUTS row. */
const inputRow = (v: PlanInput, pad: string) =>
  `${pad}{ name: ${str(v.name)}, type: ${str(v.type)}, default: ${str(v.default)}, required: ${v.required} },`;

const refsLiteral = (plan: { refs: { name: string; id: string }[] }) =>
  `{${plan.refs.map((r) => `${str(r.name)}: ${str(r.id)}`).join(', ')}}`;

const outputsLiteral = (plan: { outputs: { id: string; label: string }[] }) =>
  `[${plan.outputs.map((o) => `[${str(o.id)}, ${str(o.label)}]`).join(', ')}]`;

/** A called workflow's entry in SUBWORKFLOWS: the same tables as the exported workflow's, nested. */
function subworkflowEntry(sub: PlanSubworkflow): string[] {
  const version = bundledVersionText(sub);
  return [
    `  // ${commentText(sub.name, 'ts')} (${commentText(version, 'ts')})`,
    `  ${key(sub.key)}: {`,
    `    name: ${str(sub.name)},`,
    `    inputs: [${sub.inputs.length ? '' : '],'}`,
    ...(sub.inputs.length ? [...sub.inputs.map((v) => inputRow(v, '      ')), '    ],'] : []),
    '    nodes: {',
    ...sub.nodes.flatMap((n) => nodeEntry(n, '      ')),
    '    },',
    `    refs: ${refsLiteral(sub)},`,
    `    outputs: ${outputsLiteral(sub)},`,
    '  },',
  ];
}

function providerEntry(p: ExportProvider): string[] {
  const value = (v: string | null) => (v === null ? 'null' : str(v));
  return [
    `  ${key(p.id)}: {`,
    `    label: ${str(p.label)},`,
    `    kind: ${str(p.kind)},`,
    `    defaultBaseURL: ${value(p.defaultBaseURL)},`,
    `    requiresKey: ${p.requiresKey},`,
    `    maxTokensParam: ${str(p.maxTokensParam)},`,
    `    jsonMode: ${p.jsonMode},`,
    `    keyEnv: ${value(p.keyEnv)},`,
    `    baseURLEnv: ${value(p.baseURLEnv)},`,
    '  },',
  ];
}

const SDK_PACKAGES: Record<SdkName, string> = { Anthropic: '@anthropic-ai/sdk', OpenAI: 'openai' };

/** The SDKs the plan's providers speak, so a module imports only what the workflow uses. */
function sdksOf(plan: ExportPlan): SdkName[] {
  const kinds = new Set(plan.providers.map((p) => p.kind));
  const sdks: SdkName[] = [];
  if (kinds.has('anthropic')) sdks.push('Anthropic');
  if (kinds.has('openai')) sdks.push('OpenAI');
  return sdks;
}

function requirements(sdks: SdkName[]): string {
  const node = 'It needs Node.js 22.18+ (which runs .mts files by stripping the types; or use tsx)';
  if (sdks.length === 0) return `${node} and no npm packages.`;
  const packages = sdks.map((sdk) => SDK_PACKAGES[sdk]);
  const named = packages.map((p) => `\`${p}\``).join(' and ');
  return `${node} and the npm\npackage${packages.length > 1 ? 's' : ''} ${named} (npm install ${packages.join(' ')}).`;
}

export function emitTypeScript(plan: ExportPlan, name: string): string {
  const sdks = sdksOf(plan);
  const header = describeExport(plan, {
    dialect: 'ts',
    name,
    command: `node ${exportFileName(name, 'ts')}`,
    requirements: requirements(sdks),
  });
  return [
    ...header.flatMap((line) => line.split('\n')).map((line) => (line ? `// ${line}` : '//')),
    '',
    typescriptPrelude(sdks),
    '',
    `const WORKFLOW_NAME = ${str(name)};`,
    '',
    '// Run inputs the Input nodes declare. --input name=value overrides a default; other names are refused.',
    'const INPUTS: InputSpec[] = [',
    ...plan.inputs.map((v) => inputRow(v, '  ')),
    '];',
    '',
    '// The nodes, by id. `after` lists the incoming edges as [node, handle]: a node runs once all of them',
    '// finished. An edge leaving a router is live only when its handle is the branch the router took.',
    'const NODES: Record<string, NodeSpec> = {',
    ...plan.nodes.flatMap((n) => nodeEntry(n)),
    '};',
    '',
    "// What {{nodes.<name>.output}} names: each node's key (and, for references from before keys, its id).",
    `const REFS: Record<string, string> = ${refsLiteral(plan)};`,
    '',
    '// What the run prints: the Output nodes, or the nodes nothing depends on when there are none.',
    `const OUTPUTS: [id: string, label: string][] = ${outputsLiteral(plan)};`,
    '',
    '// The workflows Sub-workflow nodes call, by "<workflow id>@<version id>" (no version: the one published',
    '// when the file was written). Each runs as a workflow of its own with the inputs its node renders; its',
    '// result is the text of its one Output node, or a JSON object of its outputs by label.',
    `const SUBWORKFLOWS: Record<string, WorkflowSpec> = {${plan.subworkflows.length ? '' : '};'}`,
    ...(plan.subworkflows.length ? [...plan.subworkflows.flatMap(subworkflowEntry), '};'] : []),
    '',
    '// The providers the models above use, and the environment variables they are configured by.',
    'const PROVIDERS: Record<string, ProviderSpec> = {',
    ...plan.providers.flatMap(providerEntry),
    '};',
    '',
    typescriptRuntime(sdks),
  ].join('\n');
}
