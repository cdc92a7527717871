import type { OutputField, OutputSchema } from '@synapse/schema';
import fc from 'fast-check';

// Random structured-output cases for the exported runtimes' parity tests: schemas in the supported
// subset, and replies that fit, nearly fit or are not JSON at all (fences, JavaScript-only whitespace,
// integer-like keys, number forms, lone surrogates). Test-only.

/** A reply and a schema; `noise` adds arbitrary text replies. */
export function structuredCases(
  noise: fc.Arbitrary<string>,
): fc.Arbitrary<{ reply: string; schema: OutputSchema }> {
  const name = fc.constantFrom('a', 'b', 'items', '_x');
  const field: fc.Arbitrary<OutputField> = fc.letrec<{ field: OutputField }>((tie) => ({
    field: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom<OutputField>(
        { type: 'string' },
        { type: 'string', enum: ['high', 'low', '\u00e9', '\ud800'] },
        { type: 'number' },
        { type: 'integer' },
        { type: 'boolean' },
      ),
      tie('field').map((items): OutputField => ({ type: 'array', items })),
      fc
        .dictionary(name, tie('field'), { maxKeys: 3 })
        .chain((properties) =>
          fc
            .subarray(Object.keys(properties))
            .map((required): OutputField => ({ type: 'object', properties, required })),
        ),
    ),
  })).field;
  const schema = fc
    .dictionary(name, field, { minKeys: 1, maxKeys: 4 })
    .chain((properties) =>
      fc
        .subarray([...Object.keys(properties), 'missing'])
        .map((required): OutputSchema => ({ type: 'object', properties, required })),
    );
  const scalar = fc.oneof(
    fc.constantFrom('high', 'low', '\u00e9', '\ud800', '', 1, 1.5, -0, 2 ** 53 + 2, 1e21, true, false, null),
    fc.string({ maxLength: 4 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      scalar,
      fc.array(tie('node'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'items', '_x', '2', '10'), tie('node'), { maxKeys: 4 }),
    ),
  })).node;
  const space = fc.constantFrom('', ' ', '\n', '\u00a0', '\u2028', '\ufeff', '\x1c', '\x85');
  const reply = fc.oneof(
    fc.tuple(space, value, space).map(([a, v, b]) => `${a}${JSON.stringify(v)}${b}`),
    fc
      .tuple(space, fc.constantFrom('json', 'JSON', 'js', ''), space, value, fc.constantFrom('\n', ''), space)
      .map(([a, tag, b, v, nl, c]) => `${a}\`\`\`${tag}${b}\n${JSON.stringify(v, null, 1)}${nl}\`\`\`${c}`),
    fc.constantFrom('{"a": 1.0, "b": 2.50}', '{"items": [1e400]}', '[12345678901234567890]', 'NaN', '{"a":1'),
    noise,
  );
  return fc.record({ reply, schema });
}
