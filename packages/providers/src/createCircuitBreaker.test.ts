import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './createCircuitBreaker';

function setup() {
  let clock = 0;
  const breaker = createCircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000, now: () => clock });
  return { breaker, advance: (ms: number) => (clock += ms) };
}

describe('createCircuitBreaker', () => {
  it('opens after N consecutive failures and refuses calls during the cooldown', () => {
    const { breaker, advance } = setup();
    breaker.recordFailure('k');
    breaker.recordFailure('k');
    expect(breaker.state('k')).toBe('closed');
    expect(breaker.tryAcquire('k')).toBe(true);
    breaker.recordFailure('k');
    expect(breaker.state('k')).toBe('open');
    expect(breaker.tryAcquire('k')).toBe(false);
    advance(400);
    expect(breaker.retryInMs('k')).toBe(600);
    expect(breaker.state('other')).toBe('closed');
  });

  it('a success resets the consecutive count', () => {
    const { breaker } = setup();
    breaker.recordFailure('k');
    breaker.recordFailure('k');
    breaker.recordSuccess('k');
    breaker.recordFailure('k');
    breaker.recordFailure('k');
    expect(breaker.state('k')).toBe('closed');
  });

  it('turns half-open after the cooldown and admits exactly one probe', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure('k');
    advance(1_000);
    expect(breaker.state('k')).toBe('half_open');
    expect(breaker.tryAcquire('k')).toBe(true);
    expect(breaker.tryAcquire('k')).toBe(false);
  });

  it('closes when the probe succeeds', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure('k');
    advance(1_000);
    breaker.tryAcquire('k');
    breaker.recordSuccess('k');
    expect(breaker.state('k')).toBe('closed');
    expect(breaker.tryAcquire('k')).toBe(true);
  });

  it('re-opens for a full cooldown when the probe fails', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure('k');
    advance(1_000);
    breaker.tryAcquire('k');
    breaker.recordFailure('k');
    expect(breaker.state('k')).toBe('open');
    expect(breaker.retryInMs('k')).toBe(1_000);
  });

  it('frees the probe slot when the probe ends without a verdict', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure('k');
    advance(1_000);
    expect(breaker.tryAcquire('k')).toBe(true);
    breaker.release('k');
    expect(breaker.tryAcquire('k')).toBe(true);
  });
});
