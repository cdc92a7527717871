import { MissingSecretsError } from '@synapse/db';
import { abortableSleep, computeBackoffMs, DEFAULT_BACKOFF, parseRetryAfterMs } from '@synapse/providers';
import {
  ErrorCodes,
  httpDataOf,
  httpTemplateFields,
  type RenderedHttpRequest,
  RUNNER_ORIGIN,
  renderHttpRequest,
  type ScopedSecret,
  templateSecretNames,
  updateNodeRun,
} from '@synapse/schema';
import { redactSecrets } from '../http/redactSecrets';
import {
  carriedSecretsRefusedFor,
  describeSecretHostRefusal,
  secretsRefusedFor,
} from '../http/secretHostGuard';
import { type HttpResponseData, sendHttpRequest } from '../http/sendHttpRequest';
import type { NodeResult } from '../RunNodeContext';
import type { NodeExecutor } from './NodeExecutor';
import { templateContextOf } from './templateContextOf';

const MAX_SHOWN_REQUEST = 16_000;
/** Retried for any method: the server said it did not take the request. */
const RETRY_ANY = new Set([429]);
/** Retried for methods whose repetition has no further effect. */
const RETRY_IDEMPOTENT = new Set([408, 500, 502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

function describeRequest(request: RenderedHttpRequest): string {
  const lines = [`${request.method} ${request.url}`, ...request.headers.map(([n, v]) => `${n}: ${v}`)];
  const text = request.body === null ? lines.join('\n') : `${lines.join('\n')}\n\n${request.body}`;
  return text.length > MAX_SHOWN_REQUEST ? `${text.slice(0, MAX_SHOWN_REQUEST)}…` : text;
}

/** `{ status, headers, body }` as JSON: a JSON response's body parsed, any other as text. */
export function httpNodeOutput(response: HttpResponseData): string {
  let body: unknown = response.text;
  const type = response.headers['content-type'] ?? '';
  if (/[/+]json\b/i.test(type)) {
    try {
      body = JSON.parse(response.text);
    } catch {
      body = response.text;
    }
  }
  return JSON.stringify({ status: response.status, headers: response.headers, body });
}

/**
 * Runs an HTTP request node: renders the request (secrets from the vault, never written anywhere), sends
 * it through the address policy with retries like a model call (full-jitter backoff, `retry-after`
 * honoured), and returns the response as JSON text. Everything the node writes — the request it shows,
 * its output, its error — has the secret values replaced by `[secret NAME]`.
 */
export const runHttpNode: NodeExecutor = async (node, ctx, base) => {
  const data = httpDataOf(node);
  const template = templateContextOf(ctx);
  const shown = renderHttpRequest(data, template);
  ctx.writer.update((doc) => updateNodeRun(doc, node.id, { input: describeRequest(shown) }, RUNNER_ORIGIN));
  const fail = (errorCode: string, error: string, attempt = 1): NodeResult => ({
    ...base,
    status: 'failed',
    attempt,
    error,
    errorCode,
  });
  const http = ctx.http;
  if (!http)
    return fail(
      ErrorCodes.httpUnavailable,
      'this runner cannot make HTTP requests, so the node cannot run here',
    );

  // From the node's own templates, never from rendered text: an input carrying `{{secrets.X}}` reads nothing.
  const names = [...new Set(httpTemplateFields(node).flatMap((f) => templateSecretNames(f.template)))];
  let secrets = new Map<string, ScopedSecret>();
  if (names.length > 0) {
    const missingSecrets = (missing: readonly string[]) =>
      fail(
        ErrorCodes.secretsMissing,
        `this workspace has no secret named ${missing.join(', ')}; add ${missing.length > 1 ? 'them' : 'it'} in Settings → Secrets`,
      );
    try {
      secrets = await http.readSecrets(names);
    } catch (error) {
      // The database vault refuses the whole read, naming what is missing (MissingSecretsError).
      if (error instanceof MissingSecretsError) return missingSecrets(error.names);
      return fail(ErrorCodes.secretsMissing, `the secrets could not be read: ${(error as Error).message}`);
    }
    const missing = names.filter((n) => !secrets.has(n));
    if (missing.length > 0) return missingSecrets(missing);
  }
  const values = new Map([...secrets].map(([name, secret]) => [name, secret.value]));
  const redact = (text: string) => redactSecrets(text, values);
  const request = renderHttpRequest(data, { ...template, secrets: values });
  if (!/^https?:\/\//i.test(request.url))
    return fail(
      ErrorCodes.httpInvalidRequest,
      `the URL ${JSON.stringify(redact(request.url))} is not an http(s) URL`,
    );
  // Every secret the templates reference, wherever it is used, before anything is sent (ADR 0028).
  const refused = secretsRefusedFor(request.url, secrets, names);
  if (refused.length > 0)
    return fail(ErrorCodes.httpSecretHost, redact(describeSecretHostRefusal(refused, request.url, secrets)));
  if (!request.headers.some(([name]) => name.toLowerCase() === 'user-agent'))
    request.headers.push(['user-agent', 'Synapse-HTTP-node']);

  const sleep = http.sleep ?? abortableSleep;
  const random = http.random ?? Math.random;
  const secretValues = [...values.values()].filter(Boolean);
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) {
      ctx.onAttempt();
      ctx.writer.update((doc) => updateNodeRun(doc, node.id, { attempt }, RUNNER_ORIGIN));
    }
    const sent = await sendHttpRequest({
      fetch: http.fetch,
      request,
      timeoutMs: data.timeoutMs,
      maxResponseBytes: data.maxResponseBytes,
      signal: ctx.signal,
      carriesSecret: (value) => secretValues.some((s) => value.includes(s)),
      refuseHop: (url, carried) => {
        const names = carriedSecretsRefusedFor(url, secrets, carried);
        return names.length > 0 ? describeSecretHostRefusal(names, url, secrets) : null;
      },
    });
    if (!sent.ok && sent.cancelled) return { ...base, status: 'cancelled', attempt };
    const status = sent.ok ? sent.response.status : 0;
    const retryable = sent.ok
      ? RETRY_ANY.has(status) || (IDEMPOTENT.has(request.method) && RETRY_IDEMPOTENT.has(status))
      : IDEMPOTENT.has(request.method) &&
        (sent.code === ErrorCodes.httpNetwork || sent.code === ErrorCodes.httpTimeout);
    if (retryable && attempt <= data.retries) {
      const retryAfterMs = sent.ok ? parseRetryAfterMs(sent.response.headers) : undefined;
      const delay = computeBackoffMs(attempt - 1, DEFAULT_BACKOFF, random, retryAfterMs);
      if (delay !== null) {
        await sleep(delay, ctx.signal);
        if (ctx.signal.aborted) return { ...base, status: 'cancelled', attempt };
        continue;
      }
    }
    if (!sent.ok)
      return fail(sent.code, `${shown.method} ${redact(shown.url)}: ${redact(sent.message)}`, attempt);
    const output = redact(httpNodeOutput(sent.response));
    ctx.writer.appendOutput(node.id, output);
    if (status < 200 || status > 299)
      return {
        ...fail(
          ErrorCodes.httpStatus,
          `${shown.method} ${redact(shown.url)} answered ${status}${sent.response.statusText ? ` ${redact(sent.response.statusText)}` : ''}`,
          attempt,
        ),
        output,
      };
    return { ...base, output, attempt };
  }
};
