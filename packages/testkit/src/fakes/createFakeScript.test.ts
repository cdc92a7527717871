import { describe, expect, it } from 'vitest';
import { createFakeScript } from './createFakeScript';

describe('createFakeScript', () => {
  it('answers requests with unmatched steps in order, then falls back to the default', () => {
    const script = createFakeScript();
    script.add([{ kind: 'status', status: 429 }, { kind: 'disconnect' }]);
    expect(script.take('m', 'p')?.kind).toBe('status');
    expect(script.take('m', 'p')?.kind).toBe('disconnect');
    expect(script.take('m', 'p')).toBeUndefined();
  });

  it('lets a step target a model or a prompt, leaving other requests to later steps', () => {
    const script = createFakeScript();
    script.add([
      { match: { model: 'gpt-b' }, kind: 'stall' },
      { match: { prompt: /tides/i }, text: 'About tides' },
      { kind: 'truncated' },
    ]);
    expect(script.take('gpt-a', 'Tell me about Tides')?.text).toBe('About tides');
    expect(script.take('gpt-a', 'other')?.kind).toBe('truncated');
    expect(script.take('gpt-b', 'other')?.kind).toBe('stall');
    expect(script.pending).toBe(0);
  });

  it('uses a step `times` times, or forever with Infinity', () => {
    const script = createFakeScript();
    script.add([
      { kind: 'status', status: 500, times: 2 },
      { match: { model: 'x' }, kind: 'slow', tokenDelayMs: 1, times: Infinity },
    ]);
    expect([script.take('m', ''), script.take('m', ''), script.take('m', '')].map((s) => s?.kind)).toEqual([
      'status',
      'status',
      undefined,
    ]);
    for (let i = 0; i < 5; i++) expect(script.take('x', '')?.kind).toBe('slow');
    script.clear();
    expect(script.take('x', '')).toBeUndefined();
  });
});
