import { DEFAULT_MODEL, DEFAULT_PROVIDER, type NodeType, type RouterBranch } from './graphTypes';

export const NODE_TYPES: readonly NodeType[] = ['input', 'agent', 'router', 'output', 'note', 'http'];

/** The agent prompt a new node starts with: the joined outputs of its upstream nodes. */
export const DEFAULT_USER_PROMPT = '{{input}}';

/** Data fields stored as Y.Text so several people can type into one prompt at once. */
export const TEXT_FIELDS: readonly string[] = ['systemPrompt', 'userPrompt', 'url', 'body'];

/**
 * Types of the data fields this version knows; other fields may hold any JSON value. `array` fields
 * hold a whole JSON array written as one value (last writer wins for the list as a whole).
 */
export const DATA_FIELD_TYPES: Readonly<Record<string, 'string' | 'number' | 'array'>> = {
  label: 'string',
  preset: 'string',
  mode: 'string',
  timeoutMs: 'number',
  retries: 'number',
  fallbacks: 'array',
  tools: 'array',
  maxToolIterations: 'number',
  memoryTopK: 'number',
  variables: 'array',
  branches: 'array',
  provider: 'string',
  model: 'string',
  systemPrompt: 'string',
  userPrompt: 'string',
  value: 'string',
  text: 'string',
  temperature: 'number',
  maxTokens: 'number',
  method: 'string',
  url: 'string',
  headers: 'array',
  body: 'string',
  bodyType: 'string',
  maxResponseBytes: 'number',
};

export function isNodeType(value: unknown): value is NodeType {
  return typeof value === 'string' && (NODE_TYPES as readonly string[]).includes(value);
}

/** Notes are annotations: never executed and never connected. */
export function isExecutableNodeType(type: NodeType): boolean {
  return type !== 'note';
}

const DEFAULT_LABELS: Record<NodeType, string> = {
  input: 'Input',
  agent: 'Agent',
  router: 'Router',
  output: 'Output',
  note: 'Note',
  http: 'HTTP request',
};

export function defaultLabel(type: NodeType): string {
  return DEFAULT_LABELS[type];
}

/** The two branches a new router starts with; rule mode matches `yes` in the routed text. */
export function defaultRouterBranches(): RouterBranch[] {
  return [
    { id: 'yes', label: 'yes', match: 'contains', value: 'yes' },
    { id: 'no', label: 'no', match: 'else' },
  ];
}

/** What `addNode` writes for fields the caller did not give (prompts become Y.Text). */
export function defaultNodeData(type: NodeType): Record<string, unknown> {
  switch (type) {
    case 'agent':
      return {
        label: DEFAULT_LABELS.agent,
        provider: DEFAULT_PROVIDER,
        model: DEFAULT_MODEL,
        systemPrompt: '',
        userPrompt: DEFAULT_USER_PROMPT,
      };
    case 'router':
      return {
        label: DEFAULT_LABELS.router,
        mode: 'rule',
        provider: DEFAULT_PROVIDER,
        model: DEFAULT_MODEL,
        systemPrompt: '',
        userPrompt: DEFAULT_USER_PROMPT,
        branches: defaultRouterBranches(),
      };
    case 'input':
      return { label: DEFAULT_LABELS.input, value: '' };
    case 'note':
      return { label: DEFAULT_LABELS.note, text: '' };
    case 'output':
      return { label: DEFAULT_LABELS.output };
    case 'http':
      return { label: DEFAULT_LABELS.http, method: 'GET', url: '', headers: [], body: '', bodyType: 'json' };
  }
}
