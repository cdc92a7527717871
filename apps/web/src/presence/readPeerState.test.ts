import { describe, expect, it } from 'vitest';
import { colorForClient } from './colorForClient';
import { readPeerState } from './readPeerState';

describe('readPeerState', () => {
  it('reads a well-formed state', () => {
    const peer = readPeerState(7, {
      user: { name: 'Ada', color: 'red' },
      cursor: { x: 1, y: 2 },
      selection: ['a', 'b'],
      dragging: { a: { x: 5, y: 6 } },
    });
    expect(peer).toEqual({
      clientId: 7,
      name: 'Ada',
      color: colorForClient(7),
      cursor: { x: 1, y: 2 },
      selection: ['a', 'b'],
      dragging: { a: { x: 5, y: 6 } },
    });
  });

  it('drops what is malformed and ignores states without a user', () => {
    expect(readPeerState(1, null)).toBeNull();
    expect(readPeerState(1, { cursor: { x: 1, y: 1 } })).toBeNull();
    const peer = readPeerState(1, {
      user: { name: 5 },
      cursor: { x: 'a', y: 1 },
      selection: ['a', 3, null],
      dragging: { a: { x: Number.NaN, y: 0 }, b: { x: 1, y: 1 } },
    });
    expect(peer).toMatchObject({
      name: 'Guest',
      cursor: null,
      selection: ['a'],
      dragging: { b: { x: 1, y: 1 } },
    });
  });

  it('caps long names and long lists', () => {
    const peer = readPeerState(1, { user: { name: 'x'.repeat(100) }, selection: Array(1000).fill('a') });
    expect(peer?.name).toHaveLength(40);
    expect(peer?.selection).toHaveLength(500);
  });
});
