import { compareStrings } from './readUntrusted';
import { outputField } from './structuredOutput';

// Declarative templating only: placeholders are looked up, never evaluated. `{{input}}` is the joined
// output of the node's upstream nodes, `{{input.<name>}}` a named run input, `{{nodes.<key>.output}}`
// one node's output (by its key, or its id for workflows from before keys). Anything else in braces is
// left as written, and `findUnknownReferences` refuses the ones that look like references.
// `{{nodes.<key>.output.<field>…}}` reads one field of a structured (JSON) output (structuredOutput.ts).
const PLACEHOLDER =
  /\{\{\s*(?:input(?:\.([A-Za-z0-9_-]{1,64}))?|nodes\.([A-Za-z0-9_-]{1,64})\.output((?:\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,8}))\s*\}\}/g;

export interface TemplateContext {
  upstream: string;
  /** Finished outputs by node id. */
  outputs: Record<string, string>;
  /** Named run inputs for `{{input.<name>}}`. */
  inputs?: Record<string, string>;
  /** Reference name (a key, or an id) → node id (`referenceTargets`); without it names are node ids. */
  refs?: ReadonlyMap<string, string>;
}

function lookup(record: Record<string, string> | undefined, key: string): string {
  if (!record || !Object.hasOwn(record, key)) return '';
  const value = record[key];
  return typeof value === 'string' ? value : '';
}

/**
 * One pass, so text inserted from an output is never expanded again (an output containing
 * `{{input}}` stays literal). Unknown node ids and input names render as ''.
 */
export function renderTemplate(template: string, ctx: TemplateContext): string {
  return template.replace(
    PLACEHOLDER,
    (_match, inputName: string | undefined, nodeId: string | undefined, path: string | undefined) => {
      if (nodeId !== undefined) {
        const output = lookup(ctx.outputs, ctx.refs ? (ctx.refs.get(nodeId) ?? '') : nodeId);
        return path ? outputField(output, path.slice(1).split('.')) : output;
      }
      if (inputName !== undefined) return lookup(ctx.inputs, inputName);
      return ctx.upstream;
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

/** Names referenced by `{{nodes.<name>.output}}` (keys, or legacy ids), unique and sorted. */
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
