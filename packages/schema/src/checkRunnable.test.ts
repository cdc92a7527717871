import { describe, expect, it } from 'vitest';
import { checkRunnable } from './checkRunnable';
import { ErrorCodes } from './errorCodes';
import { RUNNABLE_CASES } from './test/runnableCases';

describe('checkRunnable (the table intake, runner, CLI and export share)', () => {
  for (const c of RUNNABLE_CASES) {
    it(c.name, () => {
      const result = checkRunnable(c.graph, c.inputs);
      if (c.expected === null) {
        expect(result).toMatchObject({ ok: true });
        return;
      }
      if (result.ok) throw new Error('expected a refusal');
      expect(result.code).toBe(c.expected.code);
      expect(result.message).toMatch(c.expected.message);
      const named = [...new Set(result.issues.flatMap((i) => (i.nodeId ? [i.nodeId] : [])))].sort();
      expect(named).toEqual(c.expected.nodes);
    });
  }

  it('skips the input stage when no inputs are given (export)', () => {
    const c = RUNNABLE_CASES.find((x) => x.expected?.code === ErrorCodes.runInputs);
    expect(c && checkRunnable(c.graph)).toMatchObject({ ok: true, inputs: {} });
  });

  it('returns the valid graph, its order and the inputs after defaults', () => {
    const c = RUNNABLE_CASES[0];
    const result = c && checkRunnable(c.graph, c.inputs);
    expect(result).toMatchObject({ ok: true, order: ['in', 'writer', 'out'], inputs: { topic: 'tides' } });
  });

  it('details keep the shapes the API returned before: edges, references, problems and issues', () => {
    const details = RUNNABLE_CASES.flatMap((c) => {
      const r = checkRunnable(c.graph, c.inputs);
      return r.ok ? [] : [[r.code, Object.keys(r.details).sort().join(',')]];
    });
    expect(Object.fromEntries(details)).toEqual({
      [ErrorCodes.dagEmpty]: 'edges',
      [ErrorCodes.dagCycle]: 'edges',
      [ErrorCodes.nodeInvalidConfig]: 'issues',
      [ErrorCodes.dagUnknownReference]: 'references',
      [ErrorCodes.runInputs]: 'issues,problems',
    });
  });
});
