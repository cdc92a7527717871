import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redactSecrets';

describe('redactSecrets', () => {
  const secrets = new Map([
    ['TOKEN', 'abc/def ghi'],
    ['INNER', 'def'],
    ['QUOTED', 'pa"ss\\word'],
    ['EMPTY', ''],
  ]);

  it('hides a secret as sent, percent-encoded and JSON-escaped, the longer one whole first', () => {
    expect(redactSecrets('Bearer abc/def ghi', secrets)).toBe('Bearer [secret TOKEN]');
    expect(redactSecrets('?t=abc%2Fdef%20ghi', secrets)).toBe('?t=[secret TOKEN]');
    expect(redactSecrets('{"p":"pa\\"ss\\\\word"}', secrets)).toBe('{"p":"[secret QUOTED]"}');
    expect(redactSecrets('only def here', secrets)).toBe('only [secret INNER] here');
  });

  it('leaves text without secrets alone and ignores empty values', () => {
    expect(redactSecrets('nothing to hide', secrets)).toBe('nothing to hide');
  });
});
