/** What a template may read: the parsed JSON body, the headers (lower-case names) and the query. */
export interface WebhookRequestView {
  body: unknown;
  headers: Record<string, string>;
  query: Record<string, string>;
}

const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * One dotted path (`body.issue.title`, `headers.x-github-event`, `body.commits.0.id`) read from the
 * request by own properties only: no evaluation, no prototype (`__proto__`, `constructor`) lookups.
 * Missing → ''. Objects and arrays render as JSON, other values as text.
 */
export function resolveWebhookPath(request: WebhookRequestView, path: string): string {
  const segments = path.split('.');
  if (segments.some((s) => !SEGMENT.test(s))) return '';
  let value: unknown = request;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return '';
    value = (value as Record<string, unknown>)[segment];
  }
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Each input's template with its `{{path}}`s replaced; the run service then checks required inputs. */
export function renderWebhookInputs(
  templates: Record<string, string>,
  request: WebhookRequestView,
): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [name, template] of Object.entries(templates)) {
    const text = template.replace(TEMPLATE, (_, path: string) => resolveWebhookPath(request, path));
    // An empty value is left out, so a required input without a default is reported missing (422).
    if (text !== '') inputs[name] = text;
  }
  return inputs;
}
