import { describe, expect, it } from 'vitest';
import { blamedDocuments } from './blamedDocuments';

const log = {
  largest: new Map([
    ['ws/a/index', 900],
    ['ws/a/workflow/big', 1_300_000],
    ['ws/a/workflow/small', 4_000],
  ]),
  last: 'ws/a/workflow/small',
};

describe('blamedDocuments', () => {
  it('blames the senders of frames over the cap', () => {
    expect(blamedDocuments({ by: 'size', actual: 1_300_000, limit: 1_048_576 }, log)).toEqual([
      'ws/a/workflow/big',
    ]);
    expect(blamedDocuments({ by: 'size', actual: 1_300_000, limit: null }, log)).toEqual([
      'ws/a/workflow/big',
    ]);
  });

  it('falls back to the largest sender when the reason gives no usable size', () => {
    expect(blamedDocuments({ by: 'size', actual: null, limit: null }, log)).toEqual(['ws/a/workflow/big']);
    expect(blamedDocuments({ by: 'size', actual: 5, limit: 2_000_000 }, log)).toEqual(['ws/a/workflow/big']);
    expect(
      blamedDocuments({ by: 'size', actual: null, limit: null }, { largest: new Map(), last: null }),
    ).toEqual([]);
  });

  it('blames the last sender for a malformed frame', () => {
    expect(blamedDocuments({ by: 'last-frame' }, log)).toEqual(['ws/a/workflow/small']);
    expect(blamedDocuments({ by: 'last-frame' }, { largest: new Map(), last: null })).toEqual([]);
  });
});
