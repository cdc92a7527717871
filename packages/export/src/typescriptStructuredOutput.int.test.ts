import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStructuredOutput } from '@synapse/schema';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { structuredCases } from './test/structuredCases';
import { TYPESCRIPT_STRUCTURED_OUTPUT, TYPESCRIPT_STRUCTURED_TYPES } from './typescriptStructuredOutput';

// The exported TypeScript module's validator is written out for the module, not imported from
// @synapse/schema: this runs the emitted section under Node (types stripped) on random replies and
// schemas and compares every answer with the runner's parseStructuredOutput.

const HARNESS = `
let input = '';
for await (const chunk of process.stdin) input += chunk;
const cases: { reply: string; schema: OutputField }[] = JSON.parse(input);
process.stdout.write(JSON.stringify(cases.map((c) => parseStructuredOutput(c.reply, c.schema))));
`;

let dir: string;
let module: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synapse-export-ts-'));
  module = join(dir, 'structured.mts');
  await writeFile(module, `${TYPESCRIPT_STRUCTURED_TYPES}\n${TYPESCRIPT_STRUCTURED_OUTPUT}\n${HARNESS}`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function exported(cases: unknown[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [module],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as unknown[]);
      },
    );
    child.stdin?.end(JSON.stringify(cases));
  });
}

describe('the exported TypeScript validator', () => {
  it('gives the canonical JSON or the problems the runner gives, on random replies and schemas', async () => {
    const seed = Date.now() ^ (Math.random() * 0x7fffffff);
    const cases = fc.sample(structuredCases(fc.string({ maxLength: 20 })), { numRuns: 400, seed });
    const got = await exported(cases);
    for (const [i, c] of cases.entries()) {
      const parsed = parseStructuredOutput(c.reply, c.schema);
      const want = parsed.ok ? { text: parsed.text } : { problem: parsed.error };
      if (JSON.stringify(got[i]) !== JSON.stringify(want))
        expect({ seed, case: c, exported: got[i] }).toEqual({ seed, case: c, exported: want });
    }
    // Both outcomes were exercised.
    expect(got.some((g) => 'text' in (g as object))).toBe(true);
    expect(got.some((g) => 'problem' in (g as object))).toBe(true);
  });
});
