import { z } from 'zod';
import {
  DEFAULT_MODEL,
  DEFAULT_PROVIDER,
  type GraphNode,
  type RouterBranch,
  type RouterMatch,
  type RouterNodeData,
} from '../graphTypes';
import { readField, readString } from '../readUntrusted';
import { DEFAULT_USER_PROMPT } from './agent';
import type { NodeDefinition } from './NodeDefinition';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MATCHES: readonly RouterMatch[] = ['contains', 'equals', 'startsWith', 'else'];

/** The two branches a new router starts with; rule mode matches `yes` in the routed text. */
export function defaultRouterBranches(): RouterBranch[] {
  return [
    { id: 'yes', label: 'yes', match: 'contains', value: 'yes' },
    { id: 'no', label: 'no', match: 'else' },
  ];
}

/** Router branches with valid, unique ids; a router with none left gets the default pair. */
export function readBranches(raw: unknown): RouterBranch[] {
  const out: RouterBranch[] = [];
  const seen = new Set<string>();
  for (const item of Array.isArray(raw) ? raw : []) {
    const id = readString(readField(item, 'id'), '');
    if (!ID.test(id) || seen.has(id)) continue;
    seen.add(id);
    const branch: RouterBranch = { id, label: readString(readField(item, 'label'), id) || id };
    const match = MATCHES.find((m) => m === readField(item, 'match'));
    if (match) branch.match = match;
    const value = readField(item, 'value');
    if (typeof value === 'string') branch.value = value;
    out.push(branch);
  }
  return out.length > 0 ? out : defaultRouterBranches();
}

/** Typed router fields of a node (defaults for anything missing). */
export function routerDataOf(node: GraphNode): RouterNodeData {
  const d = node.data;
  return {
    label: readString(d.label, routerNode.title),
    mode: d.mode === 'llm' ? 'llm' : 'rule',
    provider: readString(d.provider, DEFAULT_PROVIDER),
    model: readString(d.model, DEFAULT_MODEL),
    systemPrompt: readString(d.systemPrompt, ''),
    userPrompt: readString(d.userPrompt, '') || DEFAULT_USER_PROMPT,
    branches: readBranches(d.branches),
  };
}

/** An LLM-mode router retries its classification call twice, whatever else the node says. */
export const ROUTER_RETRIES = 2;

/** The instruction an LLM-mode router sends ahead of the routed text (its system prompt, as written, first). */
export function routerInstruction(branches: readonly Pick<RouterBranch, 'label'>[], extra: string): string {
  const labels = branches.map((b) => `- ${b.label}`).join('\n');
  const base = `Classify the user's message into exactly one of these labels:\n${labels}\nAnswer with the label only.`;
  return extra.trim() ? `${extra.trim()}\n\n${base}` : base;
}

const branch = z.object({
  id: z.string(),
  label: z.string(),
  match: z.enum(MATCHES).optional(),
  value: z.string().optional(),
});

const routerConfig = z
  .object({
    label: z.string(),
    mode: z.enum(['llm', 'rule']),
    provider: z.string(),
    model: z.string(),
    systemPrompt: z.string(),
    userPrompt: z.string(),
    branches: z.array(branch),
  })
  .superRefine((router, ctx) => {
    if (router.mode !== 'llm') return;
    if (!router.provider || !router.model)
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: 'an LLM router needs a provider and a model',
      });
    const labels = router.branches.map((b) => b.label.trim().toLowerCase());
    if (labels.some((l) => !l))
      ctx.addIssue({
        code: 'custom',
        path: ['branches'],
        message: 'every branch needs a label the model can answer',
      });
    else if (new Set(labels).size < labels.length)
      ctx.addIssue({ code: 'custom', path: ['branches'], message: 'two branches have the same label' });
  }) satisfies z.ZodType<RouterNodeData>;

export const routerNode: NodeDefinition<RouterNodeData> = {
  type: 'router',
  title: 'Router',
  executable: true,
  fields: {
    mode: 'string',
    provider: 'string',
    model: 'string',
    systemPrompt: 'text',
    userPrompt: 'text',
    branches: 'array',
  },
  defaults: () => ({
    mode: 'rule',
    provider: DEFAULT_PROVIDER,
    model: DEFAULT_MODEL,
    systemPrompt: '',
    userPrompt: DEFAULT_USER_PROMPT,
    branches: defaultRouterBranches(),
  }),
  normalize(data) {
    data.provider = readString(data.provider, DEFAULT_PROVIDER);
    data.model = readString(data.model, DEFAULT_MODEL);
    data.systemPrompt = readString(data.systemPrompt, '');
    data.userPrompt = readString(data.userPrompt, '');
    data.mode = data.mode === 'llm' ? 'llm' : 'rule';
    data.branches = readBranches(data.branches);
  },
  read: routerDataOf,
  config: routerConfig,
  // Both prompts are checked for references; the routed text is rendered, the system prompt is sent
  // as written ahead of the classification instruction (as export does).
  templateFields: ['systemPrompt', 'userPrompt'],
  exposes: ['output'],
  sourceHandles: (node) => readBranches(node.data.branches).map((b) => b.id),
  targetHandles: ['in'],
};
