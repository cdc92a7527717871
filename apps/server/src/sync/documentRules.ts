import type { DocRef } from '@synapse/schema';

/**
 * The shape each document kind may take, as the server enforces it on incoming updates (the layouts are
 * specified in docs/document-schema.md). Known fields are typed; unknown keys are allowed where the spec
 * says readers must keep what they do not understand (§3.5), but only as plain values, text or maps —
 * never arrays, XML, binary, embeds or subdocuments.
 */
export type Rule =
  | { type: 'map'; key?: RegExp; entry(key: string): Rule | undefined }
  | { type: 'text' }
  | { type: 'plain'; check?: (value: unknown) => string | null }
  | { type: 'plainOrText' }
  | { type: 'any' };

export type DocRules = Record<string, Rule>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const EDGE_KEY = /^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{1,64}->[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{1,64}$/;

const plain = (check?: (value: unknown) => string | null): Rule => ({ type: 'plain', check });
const text: Rule = { type: 'text' };

function map(entries: Record<string, Rule>, other?: Rule, key?: RegExp): Rule {
  return { type: 'map', key, entry: (k) => (Object.hasOwn(entries, k) ? entries[k] : other) };
}

/** An unknown key of a newer client: a plain value, a text, or a map of the same. */
const loose: Rule = { type: 'any' };

/** The children of a map created at an unknown key. */
export const LOOSE_MAP: Rule = { type: 'map', entry: () => loose };

const string = (max: number) => (v: unknown) =>
  typeof v !== 'string' ? 'must be a string' : v.length > max ? `is longer than ${max} characters` : null;
const finiteNumber = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number';
const position = (v: unknown) => {
  const p = v as { x?: unknown; y?: unknown } | null;
  return p && typeof p === 'object' && finiteNumber(p.x) === null && finiteNumber(p.y) === null
    ? null
    : 'must be { x: number, y: number }';
};

const workflowRules: DocRules = {
  meta: map(
    {
      schemaVersion: plain(finiteNumber),
      name: plain(string(500)),
      description: plain(string(10_000)),
      lastRunId: plain(string(64)),
    },
    loose,
  ),
  nodes: map(
    {},
    map(
      {
        type: plain(string(64)),
        position: plain(position),
        data: map({ systemPrompt: text, userPrompt: text, label: plain(string(500)) }, loose),
      },
      loose,
    ),
    ID,
  ),
  edges: map({}, map({}, loose), EDGE_KEY),
};

const indexRules: DocRules = {
  meta: map({ schemaVersion: plain(finiteNumber) }, loose),
  workflows: map({}, map({ name: plain(string(500)) }, loose), ID),
};

const runRules: DocRules = {
  meta: map({}, loose),
  graph: map({}, loose),
  nodes: map({}, map({ output: text }, loose), ID),
};

export function rulesFor(kind: DocRef['kind']): DocRules {
  return kind === 'workflow' ? workflowRules : kind === 'index' ? indexRules : runRules;
}
