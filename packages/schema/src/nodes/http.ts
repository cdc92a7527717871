import { z } from 'zod';
import type { GraphNode } from '../graphTypes';
import { readField, readFiniteNumber, readString } from '../readUntrusted';
import { renderTemplate, type TemplateContext, type TemplateEncoder } from '../renderTemplate';
import type { NodeDefinition, NodeTemplate } from './NodeDefinition';

// The HTTP request node: one request whose method, URL, headers and body are templates. Its output is
// the JSON text of `{ status, headers, body }`, so downstream templates read `{{nodes.<key>.output.status}}`
// or `{{nodes.<key>.output.body.items}}`. Secrets are referenced as `{{secrets.NAME}}` and resolved by the
// runner from the workspace vault; the document only ever holds the reference.

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** `json`: placeholders inside JSON strings are escaped for them; `text`: sent as rendered. */
export type HttpBodyType = 'json' | 'text';

export interface HttpHeader {
  name: string;
  value: string;
}

export interface HttpNodeData {
  label: string;
  method: HttpMethod;
  url: string;
  headers: HttpHeader[];
  body: string;
  bodyType: HttpBodyType;
  /** Deadline of one attempt, response body included. */
  timeoutMs: number;
  /** Retries after the first attempt (only where a retry cannot repeat an effect; see the runner). */
  retries: number;
  /** The response body is refused past this many bytes. */
  maxResponseBytes: number;
}

export const HTTP_LIMITS = {
  timeoutMs: { default: 30_000, min: 100, max: 300_000 },
  retries: { default: 2, min: 0, max: 10 },
  maxResponseBytes: { default: 1_048_576, min: 1_024, max: 10_485_760 },
} as const;

/** Methods that send the body; GET and HEAD never do. */
export function httpMethodHasBody(method: HttpMethod): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

function clamp(value: unknown, limits: { default: number; min: number; max: number }): number {
  const n = readFiniteNumber(value);
  if (n === undefined) return limits.default;
  return Math.max(limits.min, Math.min(limits.max, Math.floor(n)));
}

/** Header rows with a valid name; malformed rows are dropped, as other readers drop bad array entries. */
export function readHttpHeaders(raw: unknown): HttpHeader[] {
  const out: HttpHeader[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const name = readString(readField(item, 'name'), '').trim();
    if (!HEADER_NAME.test(name)) continue;
    out.push({ name, value: readString(readField(item, 'value'), '') });
  }
  return out;
}

/** Typed HTTP fields of a node, defaults for anything missing and numbers clamped to their limits. */
export function httpDataOf(node: GraphNode): HttpNodeData {
  const d = node.data;
  const method = HTTP_METHODS.find((m) => m === d.method) ?? 'GET';
  return {
    label: readString(d.label, httpNode.title),
    method,
    url: readString(d.url, ''),
    headers: readHttpHeaders(d.headers),
    body: readString(d.body, ''),
    bodyType: d.bodyType === 'text' ? 'text' : 'json',
    timeoutMs: clamp(d.timeoutMs, HTTP_LIMITS.timeoutMs),
    retries: clamp(d.retries, HTTP_LIMITS.retries),
    maxResponseBytes: clamp(d.maxResponseBytes, HTTP_LIMITS.maxResponseBytes),
  };
}

/** Every template of the node with the field it sits in (`url`, `headers.<i>`, `body`), for reference checks. */
export function httpTemplateFields(node: GraphNode): NodeTemplate[] {
  const data = httpDataOf(node);
  return [
    { field: 'url', template: data.url },
    ...data.headers.map((h, i) => ({ field: `headers.${i}`, template: h.value })),
    ...(httpMethodHasBody(data.method) ? [{ field: 'body', template: data.body }] : []),
  ];
}

/**
 * Placeholders in the URL's query (after the first `?`) are percent-encoded, so a value cannot add
 * parameters; before it they are inserted as written (`/repos/{{input.repo}}/issues` with `owner/name`).
 */
function urlEncoder(template: string): TemplateEncoder {
  const query = template.indexOf('?');
  return (value, offset) => (query >= 0 && offset > query ? encodeURIComponent(value) : value);
}

/**
 * In a JSON body a placeholder inside a string literal is escaped for it (`"text": "{{nodes.post.output}}"`
 * stays valid JSON whatever the post says); outside strings the value is inserted as written (a number, or
 * JSON from `{{nodes.<id>.output.body}}`). Placeholders hold no `"`, so the template's own quotes tell.
 */
function jsonEncoder(template: string): TemplateEncoder {
  const quotes: number[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template[i] === '\\') i++;
    else if (template[i] === '"') quotes.push(i);
  }
  return (value, offset) => {
    let before = 0;
    while (before < quotes.length && (quotes[before] as number) < offset) before++;
    return before % 2 === 1 ? JSON.stringify(value).slice(1, -1) : value;
  };
}

export interface RenderedHttpRequest {
  method: HttpMethod;
  url: string;
  headers: [name: string, value: string][];
  /** null for GET and HEAD, and for an empty body. */
  body: string | null;
}

/**
 * The request a node makes, rendered in one pass per field. With `ctx.secrets` absent the secret
 * placeholders stay literal: that is the version shown to people in the run document.
 */
export function renderHttpRequest(data: HttpNodeData, ctx: TemplateContext): RenderedHttpRequest {
  const headers = data.headers.map((h): [string, string] => [h.name, renderTemplate(h.value, ctx)]);
  let body: string | null = null;
  if (httpMethodHasBody(data.method) && data.body !== '') {
    body = renderTemplate(data.body, ctx, data.bodyType === 'json' ? jsonEncoder(data.body) : undefined);
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type'))
      headers.push([
        'content-type',
        data.bodyType === 'json' ? 'application/json' : 'text/plain; charset=utf-8',
      ]);
  }
  return {
    method: data.method,
    url: renderTemplate(data.url, ctx, urlEncoder(data.url)).trim(),
    headers,
    body,
  };
}

const NUMBER_FIELDS = ['timeoutMs', 'retries', 'maxResponseBytes'] as const;

/**
 * What an HTTP request needs to be runnable: a URL that is, or starts with a placeholder that makes, an
 * http(s) URL (the rendered URL is checked again before sending). Out-of-range timeouts, retries and
 * size caps are clamped by `httpDataOf`, not refused.
 */
const httpConfig = z.object({
  label: z.string(),
  method: z.enum(HTTP_METHODS),
  url: z
    .string()
    .trim()
    .min(1, { message: 'enter the URL to request', abort: true })
    .regex(/^(https?:\/\/|\{\{)/i, 'the URL must start with http:// or https://'),
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  body: z.string(),
  bodyType: z.enum(['json', 'text']),
  timeoutMs: z.number(),
  retries: z.number(),
  maxResponseBytes: z.number(),
}) satisfies z.ZodType<HttpNodeData>;

export const httpNode: NodeDefinition<HttpNodeData> = {
  type: 'http',
  title: 'HTTP request',
  executable: true,
  fields: {
    method: 'string',
    url: 'text',
    headers: 'array',
    body: 'text',
    bodyType: 'string',
    timeoutMs: 'number',
    retries: 'number',
    maxResponseBytes: 'number',
  },
  defaults: () => ({ method: 'GET', url: '', headers: [], body: '', bodyType: 'json' }),
  normalize(data) {
    data.method = HTTP_METHODS.find((m) => m === data.method) ?? 'GET';
    data.url = readString(data.url, '');
    data.headers = readHttpHeaders(data.headers);
    data.body = readString(data.body, '');
    data.bodyType = data.bodyType === 'text' ? 'text' : 'json';
    for (const key of NUMBER_FIELDS) if (readFiniteNumber(data[key]) === undefined) delete data[key];
  },
  read: httpDataOf,
  config: httpConfig,
  templateFields: ['url', 'body'],
  templates: httpTemplateFields,
  acceptsSecrets: true,
  // The response as JSON; the editor offers its status and body as well as the whole.
  exposes: ['output', 'output.status', 'output.body'],
  outputPathsAtRunTime: true,
  sourceHandles: () => ['out'],
  targetHandles: ['in'],
};
