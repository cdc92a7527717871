// The HTTP request node in an exported TypeScript module (apps/runner/src/nodes/runHttpNode.ts, apps/runner/src/http:
// sendHttpRequest, redactSecrets; packages/schema/src/nodes/http.ts renderHttpRequest), on Node's
// fetch. Secrets come from SYNAPSE_SECRET_<NAME>, the hosts each may reach from SYNAPSE_SECRET_<NAME>_HOSTS
// (apps/runner/src/http/secretHostGuard.ts). (A String.raw template: no backticks or dollar-brace.)

export const TYPESCRIPT_HTTP_TYPE = `  | {
      type: 'http';
      label: string;
      after: Edge[];
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
      url: string;
      headers: [name: string, value: string][];
      body: string | null;
      bodyType: 'json' | 'text';
      timeoutMs: number;
      retries: number;
      maxResponseBytes: number;
    }`;

export const TYPESCRIPT_HTTP = String.raw`// --- HTTP request nodes (apps/runner/src/nodes/runHttpNode.ts) ----------------------------------

type HttpSpec = Extract<NodeSpec, { type: 'http' }>;
const HTTP_RETRY_ANY = new Set([429]);
const HTTP_RETRY_IDEMPOTENT = new Set([408, 500, 502, 503, 504]);
const HTTP_IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const HTTP_REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HTTP_MAX_REDIRECTS = 5;
const HTTP_CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

function urlEncoder(template: string): Encoder {
  const query = template.indexOf('?');
  return (value, offset) => (query >= 0 && offset > query ? encodeURIComponent(value) : value);
}

function jsonEncoder(template: string): Encoder {
  const quotes: number[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template[i] === '\\') i++;
    else if (template[i] === '"') quotes.push(i);
  }
  return (value, offset) =>
    quotes.filter((q) => q < offset).length % 2 === 1 ? JSON.stringify(value).slice(1, -1) : value;
}

function renderHttpRequest(
  node: HttpSpec,
  upstream: string,
  outputs: Record<string, string>,
  inputs: Record<string, string>,
  secrets: Map<string, string> | null,
): { url: string; headers: [string, string][]; body: string | null } {
  const render = (template: string, encode?: Encoder) => renderTemplate(template, upstream, outputs, inputs, secrets, encode);
  const headers = node.headers.map(([name, value]): [string, string] => [name, render(value)]);
  let body: string | null = null;
  if (node.body) {
    body = render(node.body, node.bodyType === 'json' ? jsonEncoder(node.body) : undefined);
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type'))
      headers.push(['content-type', node.bodyType === 'json' ? 'application/json' : 'text/plain; charset=utf-8']);
  }
  return { url: render(node.url, urlEncoder(node.url)).trim(), headers, body };
}

function secretForms(value: string): string[] {
  return value ? [...new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])] : [];
}

function redactSecrets(text: string, secrets: Map<string, string>): string {
  const forms: [string, string][] = [];
  for (const [name, value] of secrets) for (const form of secretForms(value)) forms.push([form, name]);
  forms.sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [form, name] of forms) out = out.split(form).join('[secret ' + name + ']');
  return out;
}

/** SYNAPSE_SECRET_<NAME>_HOSTS: host names separated by commas or spaces, *.example.com wildcards; empty: any host. */
function secretHosts(name: string): string[] {
  return (process.env['SYNAPSE_SECRET_' + name + '_HOSTS'] ?? '')
    .split(/[\s,]+/)
    .map((host) => host.toLowerCase().replace(/\.$/, ''))
    .filter(Boolean);
}

function isSecretHostAllowed(hosts: string[], hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return hosts.length === 0 || hosts.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry));
}

/** Why a request to url may not carry the named secrets, or null when it may. */
function secretHostRefusal(url: string, names: string[], hosts: Map<string, string[]>): string | null {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {}
  const refused = names.filter((name) => !isSecretHostAllowed(hosts.get(name) ?? [], host));
  if (refused.length === 0) return null;
  return refused
    .map((name) => 'the secret ' + name + ' may only be sent to ' + (hosts.get(name) ?? []).join(', ') + ', not to ' + (host || JSON.stringify(url)))
    .join('; ');
}

class HttpError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable = false) {
    super(message);
    this.retryable = retryable;
  }
}

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = Object.hasOwn(out, name) ? out[name] + ', ' + value : value;
  });
  return Object.fromEntries(Object.keys(out).sort().map((name) => [name, out[name] as string]));
}

async function readCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError('the response is larger than ' + limit + ' bytes');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

type HttpResponse = { status: number; statusText: string; headers: Record<string, string>; text: string };

/** One attempt: the request and up to five redirects (credentials dropped when the origin changes). */
async function sendHttpRequest(
  node: HttpSpec,
  request: { url: string; headers: [string, string][]; body: string | null },
  carriesSecret: (value: string) => boolean,
  refuseHop: (url: string, carried: string[]) => string | null,
): Promise<HttpResponse> {
  const signal = AbortSignal.timeout(node.timeoutMs);
  let { url, headers, body } = request;
  let method: string = node.method;
  try {
    for (let hop = 0; ; hop++) {
      const refusal = refuseHop(url, [url, ...headers.map(([, value]) => value), body ?? '']);
      if (refusal) throw new HttpError(refusal);
      const response = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
      const location = response.headers.get('location');
      if (HTTP_REDIRECTS.has(response.status) && location) {
        await response.body?.cancel().catch(() => undefined);
        if (hop >= HTTP_MAX_REDIRECTS) throw new HttpError('more than ' + HTTP_MAX_REDIRECTS + ' redirects');
        const next = new URL(location, url);
        const crossOrigin = next.origin !== new URL(url).origin;
        if (crossOrigin)
          headers = headers.filter(([name, value]) => !HTTP_CREDENTIAL_HEADERS.has(name.toLowerCase()) && !carriesSecret(value));
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          if (method !== 'HEAD') method = 'GET';
          body = null;
          headers = headers.filter(([name]) => name.toLowerCase() !== 'content-type');
        }
        if (crossOrigin && body !== null && carriesSecret(body)) throw new HttpError('a redirect to another origin would resend a body that carries a secret');
        url = next.href;
        continue;
      }
      const text = method === 'HEAD' ? '' : await readCapped(response, node.maxResponseBytes);
      return { status: response.status, statusText: response.statusText, headers: headerRecord(response.headers), text };
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (signal.aborted) throw new HttpError('no complete response within ' + node.timeoutMs + ' ms', true);
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const detail = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error);
    throw new HttpError('the request failed (' + detail + ')', true);
  }
}

function httpNodeOutput(response: HttpResponse): string {
  let body: unknown = response.text;
  if (/[/+]json\b/i.test(response.headers['content-type'] ?? '')) {
    try {
      body = JSON.parse(response.text);
    } catch {
      body = response.text;
    }
  }
  return JSON.stringify({ status: response.status, headers: response.headers, body });
}

async function runHttpNode(
  node: HttpSpec,
  upstream: string,
  outputs: Record<string, string>,
  inputs: Record<string, string>,
): Promise<NodeResult> {
  const templates = [node.url, node.body ?? '', ...node.headers.map(([, value]) => value)];
  const names = [...new Set(templates.flatMap(templateSecretNames))].sort();
  const missing = names.filter((name) => process.env['SYNAPSE_SECRET_' + name] === undefined);
  if (missing.length > 0)
    return result('failed', {
      error: 'no secret named ' + missing.join(', ') + ': set ' + missing.map((n) => 'SYNAPSE_SECRET_' + n).join(', '),
    });
  const secrets = new Map(names.map((name) => [name, process.env['SYNAPSE_SECRET_' + name] as string]));
  const shown = renderHttpRequest(node, upstream, outputs, inputs, null);
  const request = renderHttpRequest(node, upstream, outputs, inputs, secrets);
  const redact = (text: string) => redactSecrets(text, secrets);
  if (!/^https?:\/\//i.test(request.url))
    return result('failed', { error: 'the URL ' + JSON.stringify(redact(request.url)) + ' is not an http(s) URL' });
  const hosts = new Map(names.map((name) => [name, secretHosts(name)]));
  const refused = secretHostRefusal(request.url, names, hosts);
  if (refused) return result('failed', { error: redact(refused) });
  if (!request.headers.some(([name]) => name.toLowerCase() === 'user-agent')) request.headers.push(['user-agent', 'Synapse-HTTP-node']);
  const values = [...secrets.values()].filter(Boolean);
  const carriesSecret = (value: string) => values.some((v) => value.includes(v));
  // Every hop: a secret the hop carries (in any form) must be allowed at the hop's host.
  const refuseHop = (url: string, carried: string[]) =>
    secretHostRefusal(
      url,
      names.filter((name) => secretForms(secrets.get(name) ?? '').some((form) => carried.some((text) => text.includes(form)))),
      hosts,
    );
  for (let attempt = 1; ; attempt++) {
    let response: HttpResponse | null = null;
    let failure: HttpError | null = null;
    try {
      response = await sendHttpRequest(node, request, carriesSecret, refuseHop);
    } catch (error) {
      failure = error as HttpError;
    }
    const retryable = response
      ? HTTP_RETRY_ANY.has(response.status) || (HTTP_IDEMPOTENT.has(node.method) && HTTP_RETRY_IDEMPOTENT.has(response.status))
      : (failure?.retryable ?? false) && HTTP_IDEMPOTENT.has(node.method);
    if (retryable && attempt <= node.retries) {
      const delay = backoffMs(attempt - 1, response ? parseRetryAfterMs(response.headers) : undefined);
      if (delay !== null) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        continue;
      }
    }
    if (!response) return result('failed', { error: node.method + ' ' + redact(shown.url) + ': ' + redact(failure?.message ?? 'failed') });
    const output = redact(httpNodeOutput(response));
    if (response.status < 200 || response.status > 299)
      return result('failed', {
        error: node.method + ' ' + redact(shown.url) + ' answered ' + response.status + (response.statusText ? ' ' + redact(response.statusText) : ''),
      });
    return result('succeeded', { output });
  }
}
`;
