import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTrailingThrottle } from './createTrailingThrottle';

describe('createTrailingThrottle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls at once, then at most once per window, keeping the last request of a burst', () => {
    const fn = vi.fn();
    const throttle = createTrailingThrottle(fn, 15_000);
    throttle.request();
    expect(fn).toHaveBeenCalledTimes(1);
    throttle.request();
    throttle.request();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(14_999);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(60_000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('flushes a pending call when the editor closes, and nothing when none is pending', () => {
    const fn = vi.fn();
    const throttle = createTrailingThrottle(fn, 15_000);
    throttle.flush();
    expect(fn).not.toHaveBeenCalled();
    throttle.request();
    throttle.request();
    throttle.flush();
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(60_000);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
