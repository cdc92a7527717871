import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from './parseRetryAfterMs';

describe('parseRetryAfterMs', () => {
  const now = () => Date.parse('2026-03-01T12:00:00Z');

  it('prefers retry-after-ms, in milliseconds', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '12.5', 'retry-after': '9' }))).toBe(12.5);
  });

  it('reads retry-after as seconds or as an HTTP date relative to now', () => {
    expect(parseRetryAfterMs({ 'retry-after': '3' })).toBe(3_000);
    expect(parseRetryAfterMs({ 'retry-after': 'Sun, 01 Mar 2026 12:00:30 GMT' }, now)).toBe(30_000);
    expect(parseRetryAfterMs({ 'retry-after': 'Sun, 01 Mar 2026 11:00:00 GMT' }, now)).toBe(0);
  });

  it('ignores absent, negative and garbage values', () => {
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers())).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': '-1' })).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after-ms': 'soon', 'retry-after': 'later' })).toBeUndefined();
  });
});
