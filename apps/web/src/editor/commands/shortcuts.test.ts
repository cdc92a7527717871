import { describe, expect, it } from 'vitest';
import { type KeyInput, NUDGE_FAST, NUDGE_STEP, shortcutFor } from './shortcuts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('shortcutFor', () => {
  it('maps undo and redo with Ctrl or Cmd, even in text fields', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }), true, false)).toEqual({ kind: 'undo' });
    expect(shortcutFor(key('Z', { metaKey: true, shiftKey: true }), false, true)).toEqual({ kind: 'redo' });
    expect(shortcutFor(key('y', { ctrlKey: true }), true, false)).toEqual({ kind: 'redo' });
  });

  it('leaves other keys to text fields', () => {
    expect(shortcutFor(key('d', { ctrlKey: true }), true, false)).toBeNull();
    expect(shortcutFor(key('ArrowLeft'), true, false)).toBeNull();
    expect(shortcutFor(key('?'), true, false)).toBeNull();
  });

  it('nudges only on the canvas, ten times further with Shift', () => {
    expect(shortcutFor(key('ArrowRight'), false, true)).toEqual({ kind: 'nudge', dx: NUDGE_STEP, dy: 0 });
    expect(shortcutFor(key('ArrowUp', { shiftKey: true }), false, true)).toEqual({
      kind: 'nudge',
      dx: 0,
      dy: -NUDGE_FAST,
    });
    expect(NUDGE_FAST).toBe(NUDGE_STEP * 10);
    expect(shortcutFor(key('ArrowRight'), false, false)).toBeNull();
  });

  it('maps the canvas keys', () => {
    expect(shortcutFor(key('d', { metaKey: true }), false, true)).toEqual({ kind: 'duplicate' });
    expect(shortcutFor(key('a', { ctrlKey: true }), false, true)).toEqual({ kind: 'selectAll' });
    expect(shortcutFor(key('?', { shiftKey: true }), false, false)).toEqual({ kind: 'help' });
    expect(shortcutFor(key('L', { shiftKey: true, code: 'KeyL' }), false, true)).toEqual({ kind: 'layout' });
    expect(shortcutFor(key('!', { shiftKey: true, code: 'Digit1' }), false, true)).toEqual({
      kind: 'fitView',
    });
    expect(shortcutFor(key('g'), false, true)).toEqual({ kind: 'toggleSnap' });
    expect(shortcutFor(key('t'), false, true)).toEqual({ kind: 'toggleTriggers' });
    expect(shortcutFor(key('t'), true, false)).toBeNull();
    expect(shortcutFor(key('Escape'), false, true)).toEqual({ kind: 'clearSelection' });
    expect(shortcutFor(key('x'), false, true)).toBeNull();
  });
});
