/**
 * Replaces every secret value in `text` with `[secret NAME]`: as sent, percent-encoded (a URL query) and
 * JSON-escaped (a body), longest first so one secret inside another is still hidden whole. A server that
 * echoes a request (headers, the URL) cannot put a secret into the run document, a log or an error this way.
 */
export function redactSecrets(text: string, secrets: ReadonlyMap<string, string>): string {
  const forms: [form: string, name: string][] = [];
  for (const [name, value] of secrets) for (const form of secretForms(value)) forms.push([form, name]);
  forms.sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [form, name] of forms) out = out.split(form).join(`[secret ${name}]`);
  return out;
}

/** The forms a secret value travels in: as is, percent-encoded (a URL query) and JSON-escaped (a body). */
export function secretForms(value: string): string[] {
  return value ? [...new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])] : [];
}
