import { compareStrings } from './readUntrusted';

// The `{{input.<name>}}` placeholder of the template grammar in `renderTemplate.ts` (whitespace inside
// the braces allowed, names are ids). Bare `{{input}}` is the upstream join, not a named input.
const INPUT_PLACEHOLDER = /\{\{\s*input\.([A-Za-z0-9_-]{1,64})\s*\}\}/g;

/** Names read by `{{input.<name>}}` in a template, unique and sorted. */
export function templateInputNames(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(INPUT_PLACEHOLDER)) if (match[1] !== undefined) names.add(match[1]);
  return [...names].sort(compareStrings);
}
