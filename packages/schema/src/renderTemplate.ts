import { compareStrings } from './readUntrusted';

// Declarative templating only: placeholders are looked up, never evaluated. `{{input}}` is the joined
// output of the node's upstream nodes, `{{input.<name>}}` a named run input, `{{nodes.<id>.output}}`
// one node's output. Anything else in braces is left as written.
const PLACEHOLDER =
  /\{\{\s*(?:input(?:\.([A-Za-z0-9_-]{1,64}))?|nodes\.([A-Za-z0-9_-]{1,64})\.output)\s*\}\}/g;

export interface TemplateContext {
  upstream: string;
  outputs: Record<string, string>;
  /** Named run inputs for `{{input.<name>}}`. */
  inputs?: Record<string, string>;
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
    (_match, inputName: string | undefined, nodeId: string | undefined) => {
      if (nodeId !== undefined) return lookup(ctx.outputs, nodeId);
      if (inputName !== undefined) return lookup(ctx.inputs, inputName);
      return ctx.upstream;
    },
  );
}

/** Node ids referenced by `{{nodes.<id>.output}}`, unique and sorted. */
export function templateReferences(template: string): string[] {
  const ids = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) if (match[2] !== undefined) ids.add(match[2]);
  return [...ids].sort(compareStrings);
}
