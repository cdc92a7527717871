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
import { pythonHttpFields } from './httpNodeFields';
import type { PlanStructured } from './planStructured';
import { PYTHON_IMPORTS, PYTHON_RUNTIME } from './pythonRuntime';

// A standalone Python script: a header, the workflow as data tables (nodes, inputs, outputs,
// providers) and the runtime that executes them.

const str = (text: string) => stringLiteral(text, 'python');

function num(value: number | null): string {
  if (value === null) return 'None';
  // JavaScript's shortest round-trip form is also a valid Python int or float literal.
  return Object.is(value, -0) ? '0' : String(value);
}

const models = (list: PlanModel[]) =>
  `[${list.map((m) => `(${str(m.provider)}, ${str(m.model)})`).join(', ')}]`;

function branches(list: PlanBranch[], indent: string): string {
  const rows = list.map(
    (b) =>
      `${indent}    {"id": ${str(b.id)}, "label": ${str(b.label)}, "match": ${b.match === null ? 'None' : str(b.match)}, "value": ${str(b.value)}},`,
  );
  return `[\n${rows.join('\n')}\n${indent}]`;
}

function describeModels(list: PlanModel[]): string {
  return list.map((m) => `${m.provider}/${m.model}`).join(', then ');
}

function modelCallFields(call: PlanModelCall, indent: string): [string, string][] {
  return [
    ['models', models(call.models)],
    ['system', textLiteral(call.system, 'python', indent)],
    ['prompt', textLiteral(call.prompt, 'python', indent)],
    ['temperature', num(call.temperature)],
    ['max_tokens', num(call.maxTokens)],
    ['retries', num(call.retries)],
    ['timeout_ms', num(call.timeoutMs)],
  ];
}

/** The schema as JSON text read at load time, so no user text becomes Python syntax. */
function structuredField(structured: PlanStructured | null, indent: string): string {
  if (!structured) return 'None';
  const [before, after] = structured.repair;
  return [
    '{',
    `${indent}    "schema": json.loads(${str(JSON.stringify(structured.schema))}),`,
    `${indent}    "instruction": ${textLiteral(structured.instruction, 'python', `${indent}    `)},`,
    `${indent}    "repair": (${str(before)}, ${textLiteral(after, 'python', `${indent}    `)}),`,
    `${indent}}`,
  ].join('\n');
}

/** A node's entry in a nodes table, its key indented by `pad`. */
function nodeEntry(node: PlanNode, pad = '    '): string[] {
  const i = `${pad}    `;
  const fields: [string, string][] = [
    ['type', str(node.type)],
    ['label', str(node.label)],
    ['after', `[${node.after.map((e) => `(${str(e.source)}, ${str(e.handle)})`).join(', ')}]`],
  ];
  let about: string = node.type;
  if (node.type === 'input') {
    fields.push(
      ['variables', `[${node.variables.map(str).join(', ')}]`],
      ['value', textLiteral(node.value, 'python', i)],
    );
  } else if (node.type === 'agent') {
    about = `agent${node.structured ? ', structured output' : ''}: ${describeModels(node.models)}`;
    fields.push(...modelCallFields(node, i), ['structured', structuredField(node.structured, i)]);
  } else if (node.type === 'map') {
    about = `map, ${node.concurrency} items at a time, ${node.failurePolicy} on a failed item: ${describeModels(node.models)}`;
    fields.push(
      ['list', textLiteral(node.list, 'python', i)],
      ['list_format', str(node.listFormat)],
      ...modelCallFields(node, i),
      ['concurrency', num(node.concurrency)],
      ['failure_policy', str(node.failurePolicy)],
      ['max_items', num(node.maxItems)],
    );
  } else if (node.type === 'router') {
    fields.push(['mode', str(node.mode)], ['prompt', textLiteral(node.prompt, 'python', i)]);
    if (node.mode === 'llm') {
      about = `router, the model picks a branch: ${describeModels(node.models)}`;
      fields.push(
        ['models', models(node.models)],
        ['system', textLiteral(node.system, 'python', i)],
        ['retries', num(node.retries)],
      );
    } else about = 'router, first matching rule';
    fields.push(['branches', branches(node.branches, i)]);
  } else if (node.type === 'http') {
    about = `HTTP ${node.method}`;
    fields.push(...pythonHttpFields(node, i));
  } else if (node.type === 'subworkflow') {
    about = `sub-workflow ${node.workflow}`;
    fields.push(
      ['workflow', str(node.workflow)],
      ['inputs', `[${node.inputs.map(([name, template]) => `(${str(name)}, ${str(template)})`).join(', ')}]`],
    );
  }
  return [
    `${pad}# ${commentText(node.label || node.id, 'python')} (${commentText(about, 'python')})`,
    `${pad}${str(node.id)}: {`,
    ...fields.map(([key, value]) => `${i}${str(key)}: ${value},`),
    `${pad}},`,
  ];
}

/** An INPUTS row: (name, type, default, required). */
function inputRow(v: PlanInput, pad: string): string {
  return `${pad}(${str(v.name)}, ${str(v.type)}, ${textLiteral(v.default, 'python', pad)}, ${v.required ? 'True' : 'False'}),`;
}

const refsLiteral = (plan: { refs: { name: string; id: string }[] }) =>
  `{${plan.refs.map((r) => `${str(r.name)}: ${str(r.id)}`).join(', ')}}`;

const outputsLiteral = (plan: { outputs: { id: string; label: string }[] }) =>
  `[${plan.outputs.map((o) => `(${str(o.id)}, ${str(o.label)})`).join(', ')}]`;

/** A called workflow's entry in SUBWORKFLOWS: the same tables as the exported workflow's, nested. */
function subworkflowEntry(sub: PlanSubworkflow): string[] {
  const version = bundledVersionText(sub);
  return [
    `    # ${commentText(sub.name, 'python')} (${commentText(version, 'python')})`,
    `    ${str(sub.key)}: {`,
    `        "name": ${str(sub.name)},`,
    `        "inputs": [${sub.inputs.length ? '' : '],'}`,
    ...(sub.inputs.length ? [...sub.inputs.map((v) => inputRow(v, '            ')), '        ],'] : []),
    '        "nodes": {',
    ...sub.nodes.flatMap((n) => nodeEntry(n, '            ')),
    '        },',
    `        "refs": ${refsLiteral(sub)},`,
    `        "outputs": ${outputsLiteral(sub)},`,
    '    },',
  ];
}

function providerEntry(p: ExportProvider): string[] {
  const value = (v: string | null) => (v === null ? 'None' : str(v));
  return [
    `    ${str(p.id)}: {`,
    `        "id": ${str(p.id)},`,
    `        "label": ${str(p.label)},`,
    `        "kind": ${str(p.kind)},`,
    `        "default_base_url": ${value(p.defaultBaseURL)},`,
    `        "requires_key": ${p.requiresKey ? 'True' : 'False'},`,
    `        "max_tokens_param": ${str(p.maxTokensParam)},`,
    `        "json_mode": ${p.jsonMode ? 'True' : 'False'},`,
    `        "key_env": ${value(p.keyEnv)},`,
    `        "base_url_env": ${value(p.baseURLEnv)},`,
    '    },',
  ];
}

export function emitPython(plan: ExportPlan, name: string): string {
  const header = describeExport(plan, {
    dialect: 'python',
    name,
    command: `python3 ${exportFileName(name, 'python')}`,
    requirements: 'It needs Python 3.8 or later and nothing else: only the standard library is used.',
  });
  return [
    '#!/usr/bin/env python3',
    ...header.map((line) => (line ? `# ${line}` : '#')),
    '',
    PYTHON_IMPORTS,
    '',
    `WORKFLOW_NAME = ${str(name)}`,
    '',
    '# Run inputs the Input nodes declare: (name, type, default, required). --input name=value overrides',
    '# a default; a name not listed here is refused.',
    `INPUTS = [${plan.inputs.length ? '' : ']'}`,
    ...(plan.inputs.length ? [...plan.inputs.map((v) => inputRow(v, '    ')), ']'] : []),
    '',
    '# The nodes, by id. "after" lists the incoming edges as (node, handle): a node runs once all of them',
    '# finished. An edge leaving a router is live only when its handle is the branch the router took.',
    'NODES = {',
    ...plan.nodes.flatMap((n) => nodeEntry(n)),
    '}',
    '',
    "# What {{nodes.<name>.output}} names: each node's key (and, for references from before keys, its id).",
    `REFS = ${refsLiteral(plan)}`,
    '',
    '# What the run prints: the Output nodes, or the nodes nothing depends on when there are none.',
    `OUTPUTS = ${outputsLiteral(plan)}`,
    '',
    '# The workflows Sub-workflow nodes call, by "<workflow id>@<version id>" (no version: the one published',
    '# when the file was written). Each runs as a workflow of its own with the inputs its node renders; its',
    '# result is the text of its one Output node, or a JSON object of its outputs by label.',
    `SUBWORKFLOWS = {${plan.subworkflows.length ? '' : '}'}`,
    ...(plan.subworkflows.length ? [...plan.subworkflows.flatMap(subworkflowEntry), '}'] : []),
    '',
    '# The providers the models above use, and the environment variables they are configured by.',
    'PROVIDERS = {',
    ...plan.providers.flatMap(providerEntry),
    '}',
    '',
    '',
    PYTHON_RUNTIME,
  ].join('\n');
}
