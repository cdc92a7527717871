import { z } from 'zod';
import { DEFAULT_MODEL, DEFAULT_PROVIDER, type GraphNode, type ModelRef } from '../graphTypes';
import { readFiniteNumber, readString } from '../readUntrusted';
import { renderTemplate, type TemplateContext } from '../renderTemplate';
import { modelCallConfig, readModelRefs } from './agent';
import type { NodeDefinition } from './NodeDefinition';

/** How the rendered list is split into items. */
export type MapListFormat = 'json' | 'lines';
/** What a failing item does: `fail` fails the node, `skip` makes the item null and carries on. */
export type MapFailurePolicy = 'fail' | 'skip';

export const MAP_LIST_FORMATS: readonly MapListFormat[] = ['json', 'lines'];
export const MAP_FAILURE_POLICIES: readonly MapFailurePolicy[] = ['fail', 'skip'];

/** Items in flight at once: default 4, clamped 1–16 (a node holds one runner slot whatever its cap). */
export const MAP_DEFAULT_CONCURRENCY = 4;
export const MAP_MAX_CONCURRENCY = 16;
/** More items than this fails the node before any model call: one node must not become a batch job. */
export const MAP_MAX_ITEMS = 500;

export interface MapNodeData {
  label: string;
  /** Template of the list: usually `{{nodes.<key>.output}}`; a JSON array, or one item per line. */
  list: string;
  listFormat: MapListFormat;
  /** The inner agent: one call per item, prompts may use `{{item}}` and `{{index}}`. */
  provider: string;
  model: string;
  systemPrompt: string;
  userPrompt: string;
  fallbacks: ModelRef[];
  temperature?: number;
  maxTokens?: number;
  timeoutMs?: number;
  retries?: number;
  concurrency?: number;
  failurePolicy: MapFailurePolicy;
}

/** What the runner and export use: clamps and defaults applied. */
export interface MapCallSettings {
  chain: ModelRef[];
  /** Retries per model after the first attempt: 0–10, default 2 (as agents). */
  retries: number;
  timeoutMs: number | null;
  /** 1–16, default 4. */
  concurrency: number;
}

/** The per-item prompt a new map node starts with. */
export const DEFAULT_MAP_PROMPT = '{{item}}';
/** Placeholders only a map's prompts know, filled per item. */
export const MAP_LOCALS = ['item', 'index'] as const;

const NUMBER_FIELDS = ['temperature', 'maxTokens', 'timeoutMs', 'retries', 'concurrency'] as const;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => a === value) ?? fallback;
}

export function mapDataOf(node: GraphNode): MapNodeData {
  const d = node.data;
  const out: MapNodeData = {
    label: readString(d.label, mapNode.title),
    list: readString(d.list, ''),
    listFormat: oneOf(d.listFormat, MAP_LIST_FORMATS, 'json'),
    provider: readString(d.provider, DEFAULT_PROVIDER),
    model: readString(d.model, DEFAULT_MODEL),
    systemPrompt: readString(d.systemPrompt, ''),
    userPrompt: readString(d.userPrompt, ''),
    fallbacks: readModelRefs(d.fallbacks),
    failurePolicy: oneOf(d.failurePolicy, MAP_FAILURE_POLICIES, 'fail'),
  };
  for (const key of NUMBER_FIELDS) {
    const n = readFiniteNumber(d[key]);
    if (n !== undefined) out[key] = n;
  }
  return out;
}

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(value ?? fallback)));
}

export function mapCallSettings(map: MapNodeData): MapCallSettings {
  const timeout = map.timeoutMs;
  return {
    chain: [{ provider: map.provider, model: map.model }, ...map.fallbacks],
    retries: clamp(map.retries, 2, 0, 10),
    timeoutMs: timeout !== undefined && timeout > 0 ? timeout : null,
    concurrency: clamp(map.concurrency, MAP_DEFAULT_CONCURRENCY, 1, MAP_MAX_CONCURRENCY),
  };
}

export type MapItemsResult = { ok: true; items: string[] } | { ok: false; error: string };

/**
 * The items of a rendered list. `json`: a JSON array; string elements are the item as is, others
 * their JSON. `lines`: one item per non-blank line (trimmed). Too many items is an error, never a cut.
 */
export function splitMapItems(text: string, format: MapListFormat): MapItemsResult {
  let items: string[];
  if (format === 'lines') {
    items = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, error: `the list is not JSON (it starts ${JSON.stringify(text.slice(0, 60))})` };
    }
    if (!Array.isArray(parsed)) return { ok: false, error: 'the list is JSON but not an array' };
    items = parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  if (items.length > MAP_MAX_ITEMS)
    return { ok: false, error: `the list has ${items.length} items; a map runs at most ${MAP_MAX_ITEMS}` };
  return { ok: true, items };
}

const LOCAL = /\{\{\s*(item|index)\s*\}\}/g;

/**
 * Renders a map prompt for one item in a single pass: `{{item}}` and `{{index}}` (0-based) are filled
 * here, the rest by `renderTemplate`; neither the item nor an output is expanded again.
 */
export function renderMapPrompt(template: string, ctx: TemplateContext, item: string, index: number): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(LOCAL)) {
    out += renderTemplate(template.slice(last, match.index), ctx);
    out += match[1] === 'item' ? item : String(index);
    last = match.index + match[0].length;
  }
  return out + renderTemplate(template.slice(last), ctx);
}

const mapConfig = z.object({
  label: z.string(),
  list: z.string().trim().min(1, 'say which list to map over, e.g. {{nodes.<key>.output}}'),
  listFormat: z.enum(MAP_LIST_FORMATS),
  ...modelCallConfig,
  systemPrompt: z.string(),
  userPrompt: z.string().trim().min(1, 'the per-item prompt is empty; use {{item}} for the item'),
  concurrency: z.number().optional(),
  failurePolicy: z.enum(MAP_FAILURE_POLICIES),
}) satisfies z.ZodType<MapNodeData>;

export const mapNode: NodeDefinition<MapNodeData> = {
  type: 'map',
  title: 'Map',
  executable: true,
  fields: {
    list: 'text',
    listFormat: 'string',
    provider: 'string',
    model: 'string',
    systemPrompt: 'text',
    userPrompt: 'text',
    fallbacks: 'array',
    temperature: 'number',
    maxTokens: 'number',
    timeoutMs: 'number',
    retries: 'number',
    concurrency: 'number',
    failurePolicy: 'string',
  },
  defaults: () => ({
    list: '{{input}}',
    listFormat: 'json',
    provider: DEFAULT_PROVIDER,
    model: DEFAULT_MODEL,
    systemPrompt: '',
    userPrompt: DEFAULT_MAP_PROMPT,
    concurrency: MAP_DEFAULT_CONCURRENCY,
    failurePolicy: 'fail',
  }),
  normalize(data) {
    data.list = readString(data.list, '');
    data.listFormat = oneOf(data.listFormat, MAP_LIST_FORMATS, 'json');
    data.provider = readString(data.provider, DEFAULT_PROVIDER);
    data.model = readString(data.model, DEFAULT_MODEL);
    data.systemPrompt = readString(data.systemPrompt, '');
    data.userPrompt = readString(data.userPrompt, '');
    data.fallbacks = readModelRefs(data.fallbacks);
    data.failurePolicy = oneOf(data.failurePolicy, MAP_FAILURE_POLICIES, 'fail');
    for (const key of NUMBER_FIELDS) if (readFiniteNumber(data[key]) === undefined) delete data[key];
  },
  read: mapDataOf,
  config: mapConfig,
  templateFields: ['list', 'systemPrompt', 'userPrompt'],
  templateLocals: { systemPrompt: MAP_LOCALS, userPrompt: MAP_LOCALS },
  exposes: ['output'],
  sourceHandles: () => ['out'],
  targetHandles: ['in'],
};
