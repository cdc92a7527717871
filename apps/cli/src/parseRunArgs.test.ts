import { describe, expect, it } from 'vitest';
import { parseRunArgs } from './parseRunArgs';

describe('parseRunArgs', () => {
  it('reads the file, repeated inputs (values may contain =) and flags', () => {
    expect(
      parseRunArgs(['wf.json', '--input', 'topic=tides', '-i', 'q=a=b', '--input=n=3', '--json']),
    ).toEqual({
      ok: true,
      args: {
        file: 'wf.json',
        inputs: { topic: 'tides', q: 'a=b', n: '3' },
        json: true,
        concurrency: 4,
        approve: false,
      },
    });
  });

  it('explains what is wrong', () => {
    expect(parseRunArgs([])).toMatchObject({
      ok: false,
      message: expect.stringContaining('which workflow file'),
    });
    expect(parseRunArgs(['a.json', '--input', 'novalue'])).toMatchObject({ ok: false });
    expect(parseRunArgs(['a.json', '--input', '=x'])).toMatchObject({ ok: false });
    expect(parseRunArgs(['a.json', '--frobnicate'])).toMatchObject({
      ok: false,
      message: 'unknown option --frobnicate',
    });
    expect(parseRunArgs(['a.json', 'b.json'])).toMatchObject({ ok: false });
    expect(parseRunArgs(['a.json', '--concurrency', '0'])).toMatchObject({ ok: false });
  });
});
