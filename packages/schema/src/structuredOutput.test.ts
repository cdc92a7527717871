import { describe, expect, it } from 'vitest';
import {
  type OutputSchema,
  outputField,
  outputSchemaConfig,
  parseStructuredOutput,
  schemaHasPath,
  structuredOutputInstruction,
  structuredRepairParts,
  validateOutput,
} from './structuredOutput';

const triage: OutputSchema = {
  type: 'object',
  properties: {
    priority: { type: 'string', enum: ['high', 'low'] },
    score: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
    owner: { type: 'object', properties: { team: { type: 'string' } }, required: ['team'] },
  },
  required: ['priority'],
};

describe('structured output', () => {
  it('validates a value against the schema, naming each problem by path', () => {
    expect(validateOutput({ priority: 'high', score: 3, tags: ['a'], owner: { team: 'x' } }, triage)).toEqual(
      [],
    );
    expect(validateOutput({ score: 1.5, tags: [1], owner: {} }, triage)).toEqual([
      '$.priority is required',
      '$.score must be an integer',
      '$.tags[0] must be a string',
      '$.owner.team is required',
    ]);
    expect(validateOutput({ priority: 'urgent' }, triage)).toEqual([
      '$.priority must be one of "high", "low"',
    ]);
    expect(validateOutput([], triage)).toEqual(['$ must be an object']);
  });

  it('parses a reply (a ```json fence tolerated) to canonical JSON, or says why not', () => {
    expect(parseStructuredOutput('```json\n{ "priority": "low" }\n```', triage)).toEqual({
      ok: true,
      value: { priority: 'low' },
      text: '{"priority":"low"}',
    });
    // The same words in every language an exported script is written in: no parser message.
    expect(parseStructuredOutput('Sure! Priority is high.', triage)).toEqual({
      ok: false,
      error: 'the reply is not JSON',
    });
    const wrong = parseStructuredOutput('{"priority":"soon"}', triage);
    expect(wrong.ok === false && wrong.error).toMatch(/must be one of/);
  });

  it('reports at most five problems, and wraps one in the repair message around the instruction', () => {
    const many: OutputSchema = {
      type: 'object',
      properties: {},
      required: [],
    };
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) {
      many.properties[name] = { type: 'boolean' };
      many.required?.push(name);
    }
    const parsed = parseStructuredOutput('{}', many);
    expect(parsed.ok === false && parsed.error.split('; ')).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((n) => `$.${n} is required`),
    );
    const [before, after] = structuredRepairParts(triage);
    expect(`${before}$ must be an object${after}`).toBe(
      `That reply does not fit: $ must be an object. ${structuredOutputInstruction(triage)}`,
    );
  });

  it('reads one field of an output for templates: strings as they are, the rest as JSON, absent as empty', () => {
    const output = '{"priority":"high","score":3,"owner":{"team":"core"},"tags":["a"]}';
    expect(outputField(output, ['priority'])).toBe('high');
    expect(outputField(output, ['score'])).toBe('3');
    expect(outputField(output, ['owner', 'team'])).toBe('core');
    expect(outputField(output, ['tags'])).toBe('["a"]');
    expect(outputField(output, ['nope'])).toBe('');
    expect(outputField('not json', ['priority'])).toBe('');
  });

  it('knows which paths a schema declares', () => {
    expect(schemaHasPath(triage, ['owner', 'team'])).toBe(true);
    expect(schemaHasPath(triage, ['owner', 'name'])).toBe(false);
    expect(schemaHasPath(triage, ['tags', 'x'])).toBe(false);
  });

  it('accepts only the supported subset as config', () => {
    expect(outputSchemaConfig.safeParse(triage).success).toBe(true);
    expect(outputSchemaConfig.safeParse({ type: 'string' }).success).toBe(false);
    expect(
      outputSchemaConfig.safeParse({ type: 'object', properties: { 'a-b': { type: 'string' } } }).success,
    ).toBe(false);
    expect(outputSchemaConfig.safeParse({ type: 'object', properties: {}, required: ['x'] }).success).toBe(
      false,
    );
  });
});
