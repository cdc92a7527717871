import { compareStrings } from './readUntrusted';
import { outputField } from './structuredOutput';

// Declarative templating only: placeholders are looked up, never evaluated. `{{input}}` is the joined
// output of the node's upstream nodes, `{{input.<name>}}` a named run input, `{{nodes.<key>.output}}`
// one node's output (by its key, or its id for workflows from before keys) and
// `{{nodes.<key>.output.<path>}}` a field of it when that output is JSON (a structured-output agent's
// field, an HTTP node's `status`, `headers.<name>`, `body.<field>`, array items by index; see
// structuredOutput.ts). `{{secrets.<NAME>}}` is a workspace secret, filled only where the caller passes
// secrets (node types whose definition `acceptsSecrets`); elsewhere it stays literal. Anything else in
// braces is left as written, and `findUnknownReferences` refuses the ones that look like references.
const PLACEHOLDER =
  /\{\{\s*(?:input(?:\.([A-Za-z0-9_-]{1,64}))?|nodes\.([A-Za-z0-9_-]{1,64})\.output((?:\.[A-Za-z0-9_-]{1,64}){0,16})|secrets\.([A-Za-z_][A-Za-z0-9_]{0,63}))\s*\}\}/g;

export interface TemplateContext {
  upstream: string;
  /** Finished outputs by node id. */
  outputs: Record<string, string>;
  /** Named run inputs for `{{input.<name>}}`. */
  inputs?: Record<string, string>;
  /** Reference name (a key, or an id) → node id (`referenceTargets`); without it names are node ids. */
  refs?: ReadonlyMap<string, string>;
  /** Secret values for `{{secrets.<NAME>}}`; absent: secret placeholders stay as written. */
  secrets?: ReadonlyMap<string, string>;
}

/** What one placeholder is, for callers that escape values by where they land. */
export type PlaceholderKind = 'upstream' | 'input' | 'output' | 'secret';

/**
 * How a filled value is written: `value` is the placeholder's text, `offset` where the placeholder
 * starts in the template (so a caller can tell a JSON string or a URL query from the rest).
 */
export type TemplateEncoder = (value: string, offset: number, kind: PlaceholderKind) => string;

function lookup(record: Record<string, string> | undefined, key: string): string {
  if (!record || !Object.hasOwn(record, key)) return '';
  const value = record[key];
  return typeof value === 'string' ? value : '';
}

/**
 * One pass, so text inserted from an output is never expanded again (an output containing
 * `{{input}}` or `{{secrets.X}}` stays literal). Unknown node names and input names render as ''.
 */
export function renderTemplate(template: string, ctx: TemplateContext, encode?: TemplateEncoder): string {
  const parsed = new Map<string, string>();
  return template.replace(
    PLACEHOLDER,
    (
      match: string,
      inputName: string | undefined,
      nodeId: string | undefined,
      path: string | undefined,
      secret: string | undefined,
      offset: number,
    ) => {
      let value: string;
      let kind: PlaceholderKind;
      if (secret !== undefined) {
        if (!ctx.secrets) return match;
        value = ctx.secrets.get(secret) ?? '';
        kind = 'secret';
      } else if (nodeId !== undefined) {
        const output = lookup(ctx.outputs, ctx.refs ? (ctx.refs.get(nodeId) ?? '') : nodeId);
        kind = 'output';
        if (!path) value = output;
        else {
          const key = `${nodeId}${path}`;
          value = parsed.get(key) ?? outputField(output, path.slice(1).split('.'));
          parsed.set(key, value);
        }
      } else if (inputName !== undefined) {
        value = lookup(ctx.inputs, inputName);
        kind = 'input';
      } else {
        value = ctx.upstream;
        kind = 'upstream';
      }
      return encode ? encode(value, offset, kind) : value;
    },
  );
}

/** Field paths read by `{{nodes.<name>.output.<field>…}}`, as `[name, path]`, in order of appearance. */
export function templateFieldReferences(template: string): [name: string, path: string[]][] {
  const out: [string, string[]][] = [];
  for (const match of template.matchAll(PLACEHOLDER))
    if (match[2] !== undefined && match[3]) out.push([match[2], match[3].slice(1).split('.')]);
  return out;
}

/** Names referenced by `{{nodes.<name>.output…}}` (keys, or legacy ids), unique and sorted. */
export function templateReferences(template: string): string[] {
  const ids = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) if (match[2] !== undefined) ids.add(match[2]);
  return [...ids].sort(compareStrings);
}

// A `{{…}}` whose inside reads like a reference path (`nope.out`, `nodes.writer`, `input.`), so a typo
// is refused before a run instead of reaching a model as literal text. Other braces (JSON, prose) stay.
const WHOLE_PLACEHOLDER = new RegExp(`^${PLACEHOLDER.source}$`);
const REFERENCE_LIKE = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)*)\s*\}\}/g;

/** Placeholders that look like references but are none the grammar knows, as written, unique, sorted. */
export function malformedReferences(template: string): string[] {
  const found = new Set<string>();
  for (const match of template.matchAll(REFERENCE_LIKE)) {
    if (!WHOLE_PLACEHOLDER.test(match[0])) found.add(`{{${match[1]}}}`);
  }
  return [...found].sort(compareStrings);
}

/** Secret names referenced by `{{secrets.<NAME>}}`, unique and sorted. */
export function templateSecretNames(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) if (match[4] !== undefined) names.add(match[4]);
  return [...names].sort(compareStrings);
}
