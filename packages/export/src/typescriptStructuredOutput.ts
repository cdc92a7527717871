import { INVALID_OUTPUT_PREFIX, MAX_OUTPUT_PROBLEMS, OUTPUT_PROBLEMS } from '@synapse/schema';
import { stringLiteral } from './escapeString';

// Structured output in an exported TypeScript module (packages/schema/src/structuredOutput.ts:
// parseStructuredOutput, validateOutput; apps/runner/src/nodes/runAgentNode.ts: the repair turn).
// The words of every problem and the failure come from @synapse/schema's table. The rest is a
// String.raw template: no backticks or dollar-brace.

const str = (text: string) => stringLiteral(text, 'ts');

/** The table types of an agent's structured output (the JSON Schema subset Synapse accepts). */
export const TYPESCRIPT_STRUCTURED_TYPES = `type OutputField =
  | { type: 'object'; properties: Record<string, OutputField>; required?: string[] }
  | { type: 'array'; items: OutputField }
  | { type: 'string'; enum?: string[] }
  | { type: 'number' | 'integer' | 'boolean' };
type Structured = { schema: OutputField; instruction: string; repair: [before: string, after: string] };`;

const TABLE = [
  '// --- Structured output (packages/schema/src/structuredOutput.ts) ------------------------------',
  '',
  'const OUTPUT_PROBLEMS = {',
  ...Object.entries(OUTPUT_PROBLEMS).map(([kind, words]) => `  ${kind}: ${str(words)},`),
  '} as const;',
  `const MAX_OUTPUT_PROBLEMS = ${MAX_OUTPUT_PROBLEMS};`,
  `const INVALID_OUTPUT_PREFIX = ${str(INVALID_OUTPUT_PREFIX)};`,
].join('\n');

const CHECKS = String.raw`
// A reply wrapped in a json code fence is read inside it.
const FENCE = /^\s*\x60\x60\x60(?:json)?\s*\n([\s\S]*?)\n?\x60\x60\x60\s*$/i;

/** What is wrong with value against schema, one line per problem with its path. */
function validateOutput(value: unknown, schema: OutputField, path = '$'): string[] {
  const problem = (kind: keyof typeof OUTPUT_PROBLEMS) => [path + ' ' + OUTPUT_PROBLEMS[kind]];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem('object');
      const record = value as Record<string, unknown>;
      const problems: string[] = [];
      for (const name of schema.required ?? [])
        if (!Object.hasOwn(record, name)) problems.push(path + '.' + name + ' ' + OUTPUT_PROBLEMS.required);
      for (const [name, field] of Object.entries(schema.properties))
        if (Object.hasOwn(record, name)) problems.push(...validateOutput(record[name], field, path + '.' + name));
      return problems;
    }
    case 'array':
      if (!Array.isArray(value)) return problem('array');
      return value.flatMap((item, i) => validateOutput(item, schema.items, path + '[' + i + ']'));
    case 'string':
      if (typeof value !== 'string') return problem('string');
      if (schema.enum && !schema.enum.includes(value))
        return [path + ' ' + OUTPUT_PROBLEMS.enum + schema.enum.map((v) => JSON.stringify(v)).join(', ')];
      return [];
    case 'integer':
      return Number.isInteger(value) ? [] : problem('integer');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : problem('number');
    case 'boolean':
      return typeof value === 'boolean' ? [] : problem('boolean');
  }
}

/** The canonical JSON text when the reply fits the schema, else what is wrong with it. */
function parseStructuredOutput(reply: string, schema: OutputField): { text: string } | { problem: string } {
  const fenced = FENCE.exec(reply);
  const body = (fenced?.[1] ?? reply).trim();
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { problem: OUTPUT_PROBLEMS.notJson };
  }
  const problems = validateOutput(value, schema);
  if (problems.length > 0) return { problem: problems.slice(0, MAX_OUTPUT_PROBLEMS).join('; ') };
  return { text: JSON.stringify(value) };
}

const failure = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * An agent's call; with an output schema, the reply is validated and, when it does not fit, sent back
 * once with the problem (apps/runner/src/nodes/runAgentNode.ts).
 */
async function runAgentNode(
  node: Extract<NodeSpec, { type: 'agent' }>,
  render: (template: string) => string,
): Promise<NodeResult> {
  const request = modelRequest(node, render);
  const structured = node.structured;
  if (structured) {
    request.system = (request.system ? request.system + '\n\n' : '') + structured.instruction;
    request.json = true;
  }
  let reply: Reply;
  try {
    reply = await callModel(node.models, node.retries, request);
  } catch (error) {
    return result('failed', { error: failure(error) });
  }
  if (!structured) return result('succeeded', { output: reply.text, tokens: reply.tokens });
  let tokens = reply.tokens;
  let parsed = parseStructuredOutput(reply.text, structured.schema);
  if ('problem' in parsed) {
    const [before, after] = structured.repair;
    const messages: ChatTurn[] = [
      { role: 'user', content: request.prompt },
      { role: 'assistant', content: reply.text },
      { role: 'user', content: before + parsed.problem + after },
    ];
    try {
      reply = await callModel(node.models, node.retries, { ...request, messages });
    } catch (error) {
      return result('failed', { error: failure(error), tokens });
    }
    tokens += reply.tokens;
    parsed = parseStructuredOutput(reply.text, structured.schema);
    if ('problem' in parsed) return result('failed', { error: INVALID_OUTPUT_PREFIX + parsed.problem, tokens });
  }
  return result('succeeded', { output: parsed.text, tokens });
}
`;

export const TYPESCRIPT_STRUCTURED_OUTPUT = `${TABLE}\n${CHECKS}`;
