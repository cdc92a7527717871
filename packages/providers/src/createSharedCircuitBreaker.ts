import {
  type BreakerState,
  type CircuitBreaker,
  type CircuitBreakerLike,
  type CircuitBreakerOptions,
  createCircuitBreaker,
} from './createCircuitBreaker';

/** The one Redis command the shared state needs (ioredis' `eval` has this shape). */
export interface ScriptRunner {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface SharedCircuitBreakerOptions extends CircuitBreakerOptions {
  redis: ScriptRunner;
  /** Key prefix in Redis. */
  prefix?: string;
  /** Redis failed: the answer came from this process's own breaker instead. Told on every fallback. */
  onFallback?: (error: unknown) => void;
}

// Hash per provider/model: failures (consecutive), openedAt (ms), probeUntil (the half-open probe's lease).
// A probe lease expires after a cooldown, so a runner that died holding it does not keep the model shut.
const STATE = `
local opened = tonumber(redis.call('HGET', KEYS[1], 'openedAt'))
if not opened then return {'closed', 0} end
local left = opened + tonumber(ARGV[2]) - tonumber(ARGV[1])
if left > 0 then return {'open', left} end
return {'half_open', 0}`;

const ACQUIRE = `
local now = tonumber(ARGV[1])
local opened = tonumber(redis.call('HGET', KEYS[1], 'openedAt'))
if not opened then return 1 end
if now - opened < tonumber(ARGV[2]) then return 0 end
local probe = tonumber(redis.call('HGET', KEYS[1], 'probeUntil'))
if probe and probe > now then return 0 end
redis.call('HSET', KEYS[1], 'probeUntil', now + tonumber(ARGV[2]))
return 1`;

const FAILURE = `
local now = tonumber(ARGV[1])
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local probing = redis.call('HDEL', KEYS[1], 'probeUntil')
if probing == 1 or failures >= tonumber(ARGV[3]) then redis.call('HSET', KEYS[1], 'openedAt', now) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 20)
return failures`;

const SUCCESS = `return redis.call('DEL', KEYS[1])`;
const RELEASE = `return redis.call('HDEL', KEYS[1], 'probeUntil')`;

/**
 * The circuit breaker of createCircuitBreaker with its state in Redis, so every runner sees one count per
 * provider/model: a 429 storm seen by one runner opens the breaker for all, and after the cooldown exactly
 * one runner probes. Time is each runner's clock (`now`), so runners need roughly synced clocks (NTP).
 * When Redis fails, the answer comes from this process's own breaker, which sees every outcome recorded
 * here: the per-process behaviour of a runner without Redis, never a refusal because Redis is down.
 */
export function createSharedCircuitBreaker(options: SharedCircuitBreakerOptions): CircuitBreakerLike {
  const threshold = options.failureThreshold ?? 5;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  const prefix = options.prefix ?? 'synapse:breaker:';
  const local: CircuitBreaker = createCircuitBreaker({ failureThreshold: threshold, cooldownMs, now });

  async function run<T>(
    script: string,
    key: string,
    fallback: () => T,
    extra: number[] = [],
  ): Promise<unknown> {
    try {
      return await options.redis.eval(script, 1, prefix + key, now(), cooldownMs, ...extra);
    } catch (error) {
      options.onFallback?.(error);
      return fallback();
    }
  }
  const readState = async (key: string): Promise<[BreakerState, number]> => {
    const answer = await run(STATE, key, () => [local.state(key), local.retryInMs(key)]);
    const [state, left] = answer as [BreakerState, number];
    return [state, Number(left)];
  };

  return {
    async tryAcquire(key) {
      let fellBack = false;
      const answer = await run(ACQUIRE, key, () => {
        fellBack = true;
        return local.tryAcquire(key);
      });
      return fellBack ? (answer as boolean) : answer === 1;
    },
    async recordSuccess(key) {
      local.recordSuccess(key);
      await run(SUCCESS, key, () => undefined);
    },
    async recordFailure(key) {
      local.recordFailure(key);
      await run(FAILURE, key, () => undefined, [threshold]);
    },
    async release(key) {
      local.release(key);
      await run(RELEASE, key, () => undefined);
    },
    async state(key) {
      return (await readState(key))[0];
    },
    async retryInMs(key) {
      return (await readState(key))[1];
    },
  };
}
