import type { ExportPlan, PlanSubworkflow } from './buildExportPlan';
import { commentText, type Dialect, stringLiteral } from './escapeString';

// The explanatory header both languages put on top of an exported script. All user text in it goes
// through commentText, so a label or a name cannot end the comment.

export interface HeaderOptions {
  dialect: Dialect;
  name: string;
  /** How to run the script, e.g. `python3 workflow.py`. */
  command: string;
  requirements: string;
}

export function describeExport(plan: ExportPlan, options: HeaderOptions): string[] {
  const c = (text: string) => commentText(text, options.dialect);
  const lines = [
    `${c(options.name || 'Untitled workflow')}: a Synapse workflow exported as code.`,
    '',
    'Run it:',
    `  ${options.command} [--input name=value]... [--concurrency n]`,
    '',
    options.requirements,
    'It runs the workflow as `synapse run` does: a node starts once every node before it finished, and',
    'independent nodes run in parallel; prompts are templates filled in one pass ({{input}} = the',
    'outputs of the nodes before, {{input.<name>}} = a run input, {{nodes.<key>.output}}) and never',
    'evaluated; a failed model call is retried with backoff, then the next fallback model is tried.',
    'It prints the outputs of the Output nodes (progress goes to stderr).',
  ];
  if (plan.inputs.length > 0) {
    lines.push('', 'Inputs (--input name=value):');
    for (const input of plan.inputs) {
      const about = input.description ? `: ${c(input.description)}` : '';
      lines.push(
        `  ${input.name} (${input.type}, default ${stringLiteral(input.default, options.dialect)})${about}`,
      );
    }
  }
  const remote = plan.providers.filter((p) => p.kind !== 'local');
  if (remote.length > 0 || plan.unknownProviders.length > 0) {
    lines.push('', 'Environment (read nowhere else):');
    for (const p of remote) {
      const vars = [p.keyEnv, p.baseURLEnv].filter((v): v is string => v !== null);
      const base = p.defaultBaseURL ? `, default ${p.defaultBaseURL}` : ', no default URL';
      lines.push(
        `  ${vars.join(', ')}: ${c(p.id)} (${p.kind === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible'} API${base})`,
      );
    }
    for (const id of plan.unknownProviders)
      lines.push(`  ${c(id)}: unknown to Synapse, so never configured (its models are skipped)`);
  }
  if (plan.secrets.length > 0) {
    lines.push('', 'Secrets of the HTTP request nodes, from the environment ({{secrets.NAME}}):');
    for (const name of plan.secrets) lines.push(`  SYNAPSE_SECRET_${name}`);
    lines.push(
      '  (optional: SYNAPSE_SECRET_NAME_HOSTS, hosts or *.example.com separated by commas, limits where one is sent)',
    );
  }
  if (plan.subworkflows.length > 0) {
    lines.push('', 'Workflows its Sub-workflow nodes call, in this file as saved when it was exported:');
    for (const sub of plan.subworkflows)
      lines.push(`  ${c(sub.name || sub.key)} (${c(sub.key)}, ${c(bundledVersionText(sub))})`);
  }
  if ([plan, ...plan.subworkflows].some((g) => g.nodes.some((n) => n.type === 'http')))
    lines.push(
      '',
      'HTTP request nodes send their requests from this machine, to any address (Synapse applies its',
      'address policy; this script does not), following redirects as Synapse does.',
    );
  if (plan.providers.some((p) => p.kind === 'local'))
    lines.push('', 'The built-in local model is reproduced in this file: it runs offline and needs no key.');
  return lines;
}

/** Which saved version of a called workflow the export holds, for comments. */
export function bundledVersionText(sub: PlanSubworkflow): string {
  return `${sub.key.endsWith('@') ? 'the version published when exported' : 'pinned version'}: ${sub.versionId}`;
}

/** A file name for the exported script, from the workflow name. */
export function exportFileName(name: string, lang: 'python' | 'ts'): string {
  const stem =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, lang === 'python' ? '_' : '-')
      .replace(/^[-_]+|[-_]+$/g, '')
      .slice(0, 60) || 'workflow';
  return `${stem}${lang === 'python' ? '.py' : '.mts'}`;
}
