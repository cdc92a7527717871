// The part of an exported TypeScript module that is the same for every workflow: the runner
// (apps/runner: executeRun, runNode, pickBranch), the model router (packages/providers:
// createModelRouter, classifyProviderError, computeBackoffMs, createCircuitBreaker) and the built-in
// local model, on the official SDKs. Only erasable TypeScript, so `node workflow.mts` runs it with
// Node's type stripping. (Kept free of backticks and dollar-brace: it is a String.raw template.)

import { TYPESCRIPT_COMMAND_LINE } from './typescriptCommandLine';
import { TYPESCRIPT_HTTP, TYPESCRIPT_HTTP_TYPE } from './typescriptHttpRuntime';
import { type SdkName, typescriptModelCalls } from './typescriptModelCalls';
import { TYPESCRIPT_SCHEDULING } from './typescriptScheduling';
import { TYPESCRIPT_STRUCTURED_OUTPUT, TYPESCRIPT_STRUCTURED_TYPES } from './typescriptStructuredOutput';

const SDK_IMPORTS: Record<SdkName, string> = {
  Anthropic: "import Anthropic from '@anthropic-ai/sdk';\n",
  OpenAI: "import OpenAI from 'openai';\n",
};

/** The imports of the SDKs the module uses, then the table types. */
export function typescriptPrelude(sdks: SdkName[]): string {
  const imports = sdks.map((sdk) => SDK_IMPORTS[sdk]).join('');
  return `${imports}${imports ? '\n' : ''}${TABLE_TYPES}`;
}

const TABLE_TYPES = `type Edge = [source: string, handle: string];
type ModelRef = [provider: string, model: string];
${TYPESCRIPT_STRUCTURED_TYPES}
type Branch = { id: string; label: string; match: 'contains' | 'equals' | 'startsWith' | 'else' | null; value: string };
type ModelCallSpec = {
  models: ModelRef[];
  system: string;
  prompt: string;
  temperature: number | null;
  maxTokens: number | null;
  retries: number;
  timeoutMs: number | null;
};
type NodeSpec =
  | { type: 'input'; label: string; after: Edge[]; variables: string[]; value: string }
  | { type: 'output'; label: string; after: Edge[] }
  | ({ type: 'agent'; label: string; after: Edge[]; structured: Structured | null } & ModelCallSpec)
  | ({
      type: 'map';
      label: string;
      after: Edge[];
      list: string;
      listFormat: 'json' | 'lines';
      concurrency: number;
      failurePolicy: 'fail' | 'skip';
      maxItems: number;
    } & ModelCallSpec)
  | { type: 'router'; mode: 'rule'; label: string; after: Edge[]; prompt: string; branches: Branch[] }
  | {
      type: 'router';
      mode: 'llm';
      label: string;
      after: Edge[];
      prompt: string;
      models: ModelRef[];
      system: string;
      retries: number;
      branches: Branch[];
    }
${TYPESCRIPT_HTTP_TYPE}
  | { type: 'subworkflow'; label: string; after: Edge[]; workflow: string; inputs: [name: string, template: string][] };
type InputSpec = {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'text';
  default: string;
  required: boolean;
};
/** A workflow's tables: the exported one's (INPUTS, NODES, REFS, OUTPUTS), or a called one's. */
type WorkflowSpec = {
  name: string;
  inputs: InputSpec[];
  nodes: Record<string, NodeSpec>;
  refs: Record<string, string>;
  outputs: [id: string, label: string][];
};
type ProviderSpec = {
  label: string;
  kind: 'local' | 'openai' | 'anthropic';
  defaultBaseURL: string | null;
  requiresKey: boolean;
  maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  jsonMode: boolean;
  keyEnv: string | null;
  baseURLEnv: string | null;
};`;

const TEXT_AND_ROUTING = String.raw`// ----------------------------------------------------------------------------------------------
// Runtime: the same in every workflow exported from Synapse. It does what Synapse's runner does.
// ----------------------------------------------------------------------------------------------

const USAGE =
  'Usage: node SCRIPT [--input name=value]... [--concurrency n]\n\n' +
  'Runs the workflow and prints its outputs (progress on stderr). Exit code 0 when every node\n' +
  'succeeded, 1 when one failed, 2 for a usage error or a bad input value.';

const DEFAULT_CONCURRENCY = 4;
// Non-streaming requests: without a node timeout, one attempt may take this long.
const DEFAULT_TIMEOUT_MS = 600_000;

// --- Templates (packages/schema/src/renderTemplate.ts) -----------------------------------------

const PLACEHOLDER =
  /\{\{\s*(?:input(?:\.([A-Za-z0-9_-]{1,64}))?|nodes\.([A-Za-z0-9_-]{1,64})\.output((?:\.[A-Za-z0-9_-]{1,64}){0,16})|secrets\.([A-Za-z_][A-Za-z0-9_]{0,63}))\s*\}\}/g;

function lookup(record: Record<string, string>, key: string): string {
  return Object.hasOwn(record, key) && typeof record[key] === 'string' ? record[key] : '';
}

/** A field of a JSON output ({{nodes.<id>.output.body.items.0}}): strings as they are, else JSON. */
function readOutputPath(output: string, path: string[]): string {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch {
    return '';
  }
  for (const segment of path) {
    if (Array.isArray(value)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return '';
      value = value[Number(segment)];
    } else if (value !== null && typeof value === 'object' && Object.hasOwn(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else return '';
    if (value === undefined) return '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

type Encoder = (value: string, offset: number) => string;

/**
 * Fills {{input}}, {{input.<name>}}, {{nodes.<id>.output[.path]}} and, where secrets are given,
 * {{secrets.NAME}} in one pass; nothing is evaluated. encode(value, offset) escapes by position.
 */
function renderTemplate(
  template: string,
  upstream: string,
  outputs: Record<string, string>,
  inputs: Record<string, string>,
  secrets: Map<string, string> | null = null,
  encode?: Encoder,
): string {
  const parsed = new Map<string, string>();
  return template.replace(
    PLACEHOLDER,
    (match: string, name: string | undefined, nodeId: string | undefined, path: string | undefined, secret: string | undefined, offset: number) => {
      let value: string;
      if (secret !== undefined) {
        if (!secrets) return match;
        value = secrets.get(secret) ?? '';
      } else if (nodeId !== undefined) {
        value = lookup(outputs, nodeId);
        if (path) {
          const key = nodeId + path;
          value = parsed.get(key) ?? readOutputPath(value, path.slice(1).split('.'));
          parsed.set(key, value);
        }
      } else if (name !== undefined) value = lookup(inputs, name);
      else value = upstream;
      return encode ? encode(value, offset) : value;
    },
  );
}

function templateSecretNames(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].flatMap((m) => (m[4] !== undefined ? [m[4]] : []));
}

// --- Routers (apps/runner/src/pickBranch.ts) ---------------------------------------------------

function pickBranchByRule(branches: Branch[], text: string): Branch | null {
  const subject = text.trim().toLowerCase();
  for (const branch of branches) {
    const value = branch.value.trim().toLowerCase();
    if (branch.match === 'contains' && value && subject.includes(value)) return branch;
    if (branch.match === 'equals' && subject === value) return branch;
    if (branch.match === 'startsWith' && value && subject.startsWith(value)) return branch;
  }
  return branches.find((b) => b.match === 'else') ?? null;
}

function findWord(haystack: string, word: string): number {
  let from = 0;
  while (from <= haystack.length) {
    const at = haystack.indexOf(word, from);
    if (at < 0) return -1;
    const before = at === 0 ? '' : (haystack[at - 1] ?? '');
    const after = haystack[at + word.length] ?? '';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return at;
    from = at + 1;
  }
  return -1;
}

/** The branch whose label the model answered: an exact answer, else the label that appears first. */
function pickBranchByLabel(branches: Branch[], reply: string): Branch | null {
  const answer = reply
    .trim()
    .toLowerCase()
    .replace(/[.!"'\x60*]+$/g, '');
  const exact = branches.find((b) => b.label.trim().toLowerCase() === answer);
  if (exact) return exact;
  let best: { branch: Branch; at: number } | null = null;
  for (const branch of branches) {
    const label = branch.label.trim().toLowerCase();
    if (!label) continue;
    const at = findWord(answer, label);
    if (at >= 0 && (!best || at < best.at)) best = { branch, at };
  }
  return best ? best.branch : null;
}

// --- The built-in local model (packages/providers/src/localModel.ts) ---------------------------

const LOCAL_LABEL = 'Local demo model (offline)';
const OPENERS = [
  'Here is a considered take',
  'A short, structured answer',
  'Working through this step by step',
  'A concise draft',
];
const BODY = [
  'The key point is to state the goal plainly before adding detail.',
  'Evidence matters more than adjectives, so each claim should carry a source or an example.',
  'The strongest version keeps one idea per paragraph and cuts everything that does not serve it.',
  'Trade-offs deserve a sentence each: what is gained, what is given up, and why it is worth it.',
  'A reader should be able to act on the conclusion without rereading the whole text.',
  'Open questions are listed rather than hidden, so the next step is obvious.',
];

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Offline, free and deterministic: the same request always gets the same words. */
function localModel(system: string, prompt: string, maxTokens: number | null): Reply {
  const seed = fnv1a(system + '\u0000' + prompt);
  const role = system.match(/you are an? ([a-z ]{3,40}?)[.,]/i)?.[1];
  const subject = prompt.replace(/\s+/g, ' ').trim().slice(0, 80) || 'the task';
  const opener = OPENERS[seed % OPENERS.length];
  const picks = [0, 1, 2].map((i) => BODY[(seed >>> (i * 5)) % BODY.length]);
  const lens = role ? ' from the ' + role.toLowerCase() : '';
  const reply = '[' + LOCAL_LABEL + '] ' + opener + lens + ' on "' + subject + '". ' + [...new Set(picks)].join(' ');
  const words = reply.split(/(?<=\s)/);
  const limit = maxTokens ?? Number.POSITIVE_INFINITY;
  const kept: string[] = [];
  for (const word of words) {
    if (kept.length >= limit) break;
    kept.push(word);
  }
  return { text: kept.join(''), tokens: countWords(system) + countWords(prompt) + kept.length };
}
`;

const NODES = String.raw`// --- Nodes (apps/runner/src/runNode.ts) -------------------------------------------------------

type Status = 'succeeded' | 'failed' | 'skipped';
type NodeResult = { status: Status; output: string; branch: string | null; error: string | null; tokens: number };

const result = (status: Status, fields: Partial<NodeResult> = {}): NodeResult => ({
  status,
  output: '',
  branch: null,
  error: null,
  tokens: 0,
  ...fields,
});

function inputNodeOutput(id: string, node: { label: string; variables: string[]; value: string }, inputs: Record<string, string>) {
  const names = node.variables;
  if (names.length === 1) return lookup(inputs, names[0] as string);
  if (names.length > 1) return names.map((name) => name + ': ' + lookup(inputs, name)).join('\n');
  if (Object.hasOwn(inputs, id)) return lookup(inputs, id);
  if (node.label && Object.hasOwn(inputs, node.label)) return lookup(inputs, node.label);
  return node.value;
}

/** One run of a workflow: the exported one, or one a Sub-workflow node called. */
type RunSpec = { workflow: WorkflowSpec; inputs: Record<string, string>; concurrency: number; prefix: string };

async function runNode(run: RunSpec, id: string, upstream: string, outputs: Record<string, string>): Promise<NodeResult> {
  const node = run.workflow.nodes[id] as NodeSpec;
  const inputs = run.inputs;
  // Templates name nodes by key (the workflow's refs); outputs are kept by node id.
  outputs = Object.fromEntries(
    Object.entries(run.workflow.refs).flatMap(([name, target]) =>
      Object.hasOwn(outputs, target) ? [[name, outputs[target] as string]] : [],
    ),
  );
  if (node.type === 'input') return result('succeeded', { output: inputNodeOutput(id, node, inputs) });
  if (node.type === 'output') return result('succeeded', { output: upstream });
  if (node.type === 'http') return runHttpNode(node, upstream, outputs, inputs);
  if (node.type === 'map') return runMapNode(node, (part) => renderTemplate(part, upstream, outputs, inputs));
  if (node.type === 'subworkflow')
    return runSubworkflowNode(id, node, run, (part) => renderTemplate(part, upstream, outputs, inputs));
  if (node.type === 'router') {
    const text = renderTemplate(node.prompt, upstream, outputs, inputs);
    if (node.mode === 'rule') {
      const branch = pickBranchByRule(node.branches, text);
      if (!branch) return result('failed', { error: 'no branch rule matched and the router has no else branch' });
      return result('succeeded', { output: text, branch: branch.id });
    }
    let reply: Reply;
    try {
      reply = await callModel(node.models, node.retries, {
        system: node.system,
        prompt: text,
        temperature: null,
        maxTokens: null,
        timeoutMs: DEFAULT_TIMEOUT_MS,
      });
    } catch (error) {
      return result('failed', { error: error instanceof Error ? error.message : String(error) });
    }
    const branch = pickBranchByLabel(node.branches, reply.text);
    if (!branch) {
      const answered = JSON.stringify(reply.text.slice(0, 200));
      return result('failed', { error: 'the model answered ' + answered + ', which is none of the branch labels', tokens: reply.tokens });
    }
    return result('succeeded', { output: text, branch: branch.id, tokens: reply.tokens });
  }
  return runAgentNode(node, (template) => renderTemplate(template, upstream, outputs, inputs));
}

`;

/** The whole runtime for a module that imports `sdks`, in the order the sections are read. */
export function typescriptRuntime(sdks: SdkName[]): string {
  return [
    TEXT_AND_ROUTING,
    typescriptModelCalls(sdks),
    TYPESCRIPT_HTTP,
    TYPESCRIPT_STRUCTURED_OUTPUT,
    NODES + TYPESCRIPT_SCHEDULING + TYPESCRIPT_COMMAND_LINE,
  ].join('\n');
}
