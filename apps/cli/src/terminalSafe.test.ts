import { describe, expect, it } from 'vitest';
import { terminalSafe } from './terminalSafe';

describe('terminalSafe', () => {
  it('shows ANSI, OSC and C1 escapes as \\xNN and leaves other text alone', () => {
    expect(terminalSafe('\u001b]0;pwned\u0007\u001b[2Jok')).toBe('\\x1b]0;pwned\\x07\\x1b[2Jok');
    expect(terminalSafe('a\nb\tc\u009bd\u007f')).toBe('a\\x0ab\\x09c\\x9bd\\x7f');
    expect(terminalSafe('Writer — 中文 😀 \u202e')).toBe('Writer — 中文 😀 \u202e');
  });
});
