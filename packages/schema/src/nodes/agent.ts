import { z } from 'zod';
import {
  type AgentNodeData,
  DEFAULT_MODEL,
  DEFAULT_PROVIDER,
  type GraphNode,
  type ModelRef,
} from '../graphTypes';
import { isPlainRecord, readField, readFiniteNumber, readString } from '../readUntrusted';
import { type OutputSchema, outputSchemaConfig } from '../structuredOutput';
import type { NodeDefinition } from './NodeDefinition';

/** The prompt a new agent starts with: the joined outputs of its upstream nodes. */
export const DEFAULT_USER_PROMPT = '{{input}}';

const NUMBER_FIELDS = [
  'temperature',
  'maxTokens',
  'timeoutMs',
  'retries',
  'maxToolIterations',
  'memoryTopK',
] as const;

const TOOL_REF = /^(mcp:[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_.\-/]{1,128}|builtin:[a-z_]{1,32})$/;

/** An agent's tool references, deduplicated; malformed entries are dropped. */
export function readToolRefs(raw: unknown): string[] {
  const out: string[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    if (typeof item === 'string' && TOOL_REF.test(item) && !out.includes(item)) out.push(item);
  }
  return out;
}

/** A fallback chain: entries without both a provider and a model are dropped. */
export function readModelRefs(raw: unknown): ModelRef[] {
  const out: ModelRef[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const provider = readString(readField(item, 'provider'), '');
    const model = readString(readField(item, 'model'), '');
    if (provider && model) out.push({ provider, model });
  }
  return out;
}

/** Typed agent fields of a node (defaults for anything missing), for the runner and the inspector. */
export function agentDataOf(node: GraphNode): AgentNodeData {
  const d = node.data;
  const out: AgentNodeData = {
    label: readString(d.label, agentNode.title),
    provider: readString(d.provider, DEFAULT_PROVIDER),
    model: readString(d.model, DEFAULT_MODEL),
    systemPrompt: readString(d.systemPrompt, ''),
    userPrompt: readString(d.userPrompt, ''),
    fallbacks: readModelRefs(d.fallbacks),
    tools: readToolRefs(d.tools),
  };
  const preset = readString(d.preset, '');
  if (preset) out.preset = preset;
  for (const key of NUMBER_FIELDS) {
    const n = readFiniteNumber(d[key]);
    if (n !== undefined) out[key] = n;
  }
  if (d.memoryRead === true) out.memoryRead = true;
  if (d.memoryWrite === true) out.memoryWrite = true;
  // Kept as written (a plain object); `config` refuses a schema outside the supported subset.
  if (isPlainRecord(d.outputSchema)) out.outputSchema = d.outputSchema as unknown as OutputSchema;
  return out;
}

/** Most model turns one tool-calling loop may take, whatever the node asks for. */
export const MAX_TOOL_ITERATIONS = 25;

/** How an agent calls its models, after defaults and clamps: the runner and exported scripts use this. */
export interface AgentCallSettings {
  /** The node's own model, then its fallbacks. */
  chain: ModelRef[];
  /** The prompt template (`{{input}}` when the node's is empty). */
  prompt: string;
  /** Retries per model after the first attempt: 0–10, default 2. */
  retries: number;
  /** Deadline of one attempt in milliseconds; null when the node sets none (or a non-positive one). */
  timeoutMs: number | null;
  /** Model turns of the tool loop: 1–25, default 8. */
  maxToolIterations: number;
  /** Memory entries read: 1–20, default 3. */
  memoryTopK: number;
}

export function agentCallSettings(agent: AgentNodeData): AgentCallSettings {
  const timeout = agent.timeoutMs;
  return {
    chain: [{ provider: agent.provider, model: agent.model }, ...agent.fallbacks],
    prompt: agent.userPrompt || DEFAULT_USER_PROMPT,
    retries: clamp(agent.retries, 2, 0, 10),
    timeoutMs: timeout !== undefined && timeout > 0 ? timeout : null,
    maxToolIterations: clamp(agent.maxToolIterations, 8, 1, MAX_TOOL_ITERATIONS),
    memoryTopK: clamp(agent.memoryTopK, 3, 1, 20),
  };
}

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(value ?? fallback)));
}

const modelRef = z.object({ provider: z.string().min(1), model: z.string().min(1) });

/** The model-call fields agents and maps validate alike: a chain, and sampling settings providers accept. */
export const modelCallConfig = {
  provider: z.string().min(1, 'choose a provider'),
  model: z.string().min(1, 'choose a model'),
  fallbacks: z.array(modelRef),
  temperature: z.number().min(0, 'temperature must be 0–2').max(2, 'temperature must be 0–2').optional(),
  maxTokens: z
    .number()
    .int('max tokens must be a whole number')
    .min(1, 'max tokens must be at least 1')
    .optional(),
  timeoutMs: z.number().optional(),
  retries: z.number().optional(),
};

/**
 * What an agent needs to be runnable. Out-of-range counts (retries, tool turns, memory entries) are
 * clamped rather than refused, as they always were; a missing model or a sampling setting no
 * provider accepts is refused.
 */
const agentConfig = z.object({
  label: z.string(),
  ...modelCallConfig,
  systemPrompt: z.string(),
  userPrompt: z.string(),
  preset: z.string().optional(),
  tools: z.array(z.string()),
  maxToolIterations: z.number().optional(),
  memoryRead: z.boolean().optional(),
  memoryTopK: z.number().optional(),
  memoryWrite: z.boolean().optional(),
  // With tools too: the final answer is validated (and repaired once) after the tool loop.
  outputSchema: outputSchemaConfig.optional(),
}) satisfies z.ZodType<AgentNodeData>;

export const agentNode: NodeDefinition<AgentNodeData> = {
  type: 'agent',
  title: 'Agent',
  executable: true,
  fields: {
    provider: 'string',
    model: 'string',
    systemPrompt: 'text',
    userPrompt: 'text',
    preset: 'string',
    temperature: 'number',
    maxTokens: 'number',
    timeoutMs: 'number',
    retries: 'number',
    fallbacks: 'array',
    tools: 'array',
    maxToolIterations: 'number',
    memoryRead: 'boolean',
    memoryTopK: 'number',
    memoryWrite: 'boolean',
    outputSchema: 'object',
  },
  defaults: () => ({
    provider: DEFAULT_PROVIDER,
    model: DEFAULT_MODEL,
    systemPrompt: '',
    userPrompt: DEFAULT_USER_PROMPT,
  }),
  normalize(data) {
    data.provider = readString(data.provider, DEFAULT_PROVIDER);
    data.model = readString(data.model, DEFAULT_MODEL);
    data.systemPrompt = readString(data.systemPrompt, '');
    data.userPrompt = readString(data.userPrompt, '');
    for (const key of NUMBER_FIELDS) if (readFiniteNumber(data[key]) === undefined) delete data[key];
    data.fallbacks = readModelRefs(data.fallbacks);
    if (data.tools !== undefined) data.tools = readToolRefs(data.tools);
  },
  read: agentDataOf,
  config: agentConfig,
  templateFields: ['systemPrompt', 'userPrompt'],
  exposes: ['output'],
  sourceHandles: () => ['out'],
  targetHandles: ['in'],
};
