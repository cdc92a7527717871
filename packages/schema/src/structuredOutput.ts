import { z } from 'zod';

// Structured output of an agent: a JSON Schema subset the editor can show as fields (string, number,
// integer, boolean, string enums, arrays and nested objects), how a reply is checked against it, and
// how `{{nodes.<key>.output.<field>}}` reads one field. Pure: used by the runner, export and the editor.

export type OutputField =
  | { type: 'string'; enum?: string[]; description?: string }
  | { type: 'number' | 'integer' | 'boolean'; description?: string }
  | { type: 'array'; items: OutputField; description?: string }
  | OutputSchema;

export interface OutputSchema {
  type: 'object';
  properties: Record<string, OutputField>;
  required?: string[];
  description?: string;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const field: z.ZodType<OutputField> = z.lazy(() =>
  z.union([
    z.object({
      type: z.literal('string'),
      enum: z.array(z.string()).min(1).optional(),
      description: z.string().optional(),
    }),
    z.object({ type: z.enum(['number', 'integer', 'boolean']), description: z.string().optional() }),
    z.object({ type: z.literal('array'), items: field, description: z.string().optional() }),
    outputSchemaConfig,
  ]),
);

/** The schemas Synapse accepts: an object at the top, field names usable in templates, required ⊆ properties. */
export const outputSchemaConfig: z.ZodType<OutputSchema> = z.lazy(() =>
  z
    .object({
      type: z.literal('object'),
      properties: z.record(z.string().regex(FIELD_NAME, 'field names are letters, digits and _'), field),
      required: z.array(z.string()).optional(),
      description: z.string().optional(),
    })
    .refine((s) => (s.required ?? []).every((name) => Object.hasOwn(s.properties, name)), {
      message: 'a required field is not among the properties',
    }),
);

/**
 * The words of every problem a reply can have, after its path (`$.priority must be a string`). The
 * runner's validator and the exported scripts' validators (packages/export) all read this table, so
 * the repair turn and the failure say the same thing wherever the workflow runs.
 */
export const OUTPUT_PROBLEMS = {
  object: 'must be an object',
  array: 'must be an array',
  string: 'must be a string',
  integer: 'must be an integer',
  number: 'must be a number',
  boolean: 'must be true or false',
  required: 'is required',
  /** Followed by the allowed values as JSON, joined by ", ". */
  enum: 'must be one of ',
  /** The whole reply; the parser's own message is left out, as it differs between languages. */
  notJson: 'the reply is not JSON',
} as const;

/** At most this many problems are reported (joined by "; "). */
export const MAX_OUTPUT_PROBLEMS = 5;

/** What is wrong with `value` against `schema`, one line per problem with its path; empty when it fits. */
export function validateOutput(value: unknown, schema: OutputField, path = '$'): string[] {
  const problem = (kind: keyof typeof OUTPUT_PROBLEMS) => [`${path} ${OUTPUT_PROBLEMS[kind]}`];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem('object');
      const record = value as Record<string, unknown>;
      const problems: string[] = [];
      for (const name of schema.required ?? [])
        if (!Object.hasOwn(record, name)) problems.push(`${path}.${name} ${OUTPUT_PROBLEMS.required}`);
      for (const [name, sub] of Object.entries(schema.properties))
        if (Object.hasOwn(record, name))
          problems.push(...validateOutput(record[name], sub, `${path}.${name}`));
      return problems;
    }
    case 'array':
      if (!Array.isArray(value)) return problem('array');
      return value.flatMap((item, i) => validateOutput(item, schema.items, `${path}[${i}]`));
    case 'string':
      if (typeof value !== 'string') return problem('string');
      if (schema.enum && !schema.enum.includes(value))
        return [`${path} ${OUTPUT_PROBLEMS.enum}${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`];
      return [];
    case 'integer':
      return Number.isInteger(value) ? [] : problem('integer');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : problem('number');
    case 'boolean':
      return typeof value === 'boolean' ? [] : problem('boolean');
  }
}

export type StructuredParse = { ok: true; value: unknown; text: string } | { ok: false; error: string };

/**
 * A model's reply read as JSON for `schema`: a surrounding ```json fence is tolerated; the canonical
 * text (`JSON.stringify`) is what the node outputs.
 */
export function parseStructuredOutput(reply: string, schema: OutputSchema): StructuredParse {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(reply);
  const body = (fenced?.[1] ?? reply).trim();
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, error: OUTPUT_PROBLEMS.notJson };
  }
  const problems = validateOutput(value, schema);
  if (problems.length > 0) return { ok: false, error: problems.slice(0, MAX_OUTPUT_PROBLEMS).join('; ') };
  return { ok: true, value, text: JSON.stringify(value) };
}

/** The instruction sent with a structured-output call, and again (with the problem) for the repair. */
export function structuredOutputInstruction(schema: OutputSchema): string {
  return `Reply with only a JSON value, no prose and no code fence, that matches this JSON Schema:\n${JSON.stringify(schema)}`;
}

/**
 * The repair turn's message around the problem (`before + problem + after`): one definition for the
 * runner and the exported scripts, which fill in the problem at run time.
 */
export function structuredRepairParts(schema: OutputSchema): [before: string, after: string] {
  return ['That reply does not fit: ', `. ${structuredOutputInstruction(schema)}`];
}

/** The failure after the repair turn, before the problem. */
export const INVALID_OUTPUT_PREFIX = 'the reply does not match the output schema, even after one repair: ';

/** Whether `path` names a field the schema declares (`{{nodes.<key>.output.a.b}}`). */
export function schemaHasPath(schema: OutputField, path: readonly string[]): boolean {
  let at: OutputField = schema;
  for (const name of path) {
    if (at.type !== 'object' || !Object.hasOwn(at.properties, name)) return false;
    at = at.properties[name] as OutputField;
  }
  return true;
}

/**
 * One field of a node's JSON output as template text (`priority`, or an HTTP response's
 * `body.items.0.title`: array items by index): strings as they are, anything else as JSON; '' when
 * absent or when the output is not JSON.
 */
export function outputField(output: string, path: readonly string[]): string {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch {
    return '';
  }
  for (const segment of path) {
    if (Array.isArray(value)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return '';
      value = value[Number(segment)];
    } else if (value !== null && typeof value === 'object' && Object.hasOwn(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else return '';
    if (value === undefined) return '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
