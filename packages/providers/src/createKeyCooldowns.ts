import type { ScriptRunner } from './createSharedCircuitBreaker';

type MaybePromise<T> = T | Promise<T>;

/** Which keys (deployments) of a provider rest after a 429, 5xx or refused key, and for how long. */
export interface KeyCooldowns {
  /** Milliseconds left for each of `ids` still cooling down; ids not in the map are available. */
  remaining(ids: readonly string[]): MaybePromise<Map<string, number>>;
  coolDown(id: string, ms: number): MaybePromise<void>;
}

/** Cooldowns in this process (a runner without Redis, embedded mode). */
export function createKeyCooldowns(options: { now?: () => number } = {}): KeyCooldowns {
  const now = options.now ?? Date.now;
  const until = new Map<string, number>();
  return {
    remaining(ids) {
      const left = new Map<string, number>();
      const at = now();
      for (const id of ids) {
        const end = until.get(id);
        if (end === undefined) continue;
        if (end > at) left.set(id, end - at);
        else until.delete(id);
      }
      return left;
    },
    coolDown(id, ms) {
      until.set(id, Math.max(until.get(id) ?? 0, now() + ms));
    },
  };
}

// One key per cooling deployment, expiring by itself; a longer cooldown is never shortened.
const COOL_DOWN = `
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1`;
const REMAINING = `
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('PTTL', key) end
return out`;

/**
 * Cooldowns in Redis, seen by every runner: a key one runner saw rate limited is skipped by all until it
 * has rested. When Redis fails, this process's own cooldowns answer (they record everything seen here).
 */
export function createSharedKeyCooldowns(options: {
  redis: ScriptRunner;
  prefix?: string;
  now?: () => number;
  onFallback?: (error: unknown) => void;
}): KeyCooldowns {
  const prefix = options.prefix ?? 'synapse:key-cooldown:';
  const local = createKeyCooldowns({ now: options.now });
  return {
    async remaining(ids) {
      if (ids.length === 0) return new Map();
      try {
        const left = (await options.redis.eval(
          REMAINING,
          ids.length,
          ...ids.map((id) => prefix + id),
        )) as number[];
        const map = new Map<string, number>();
        ids.forEach((id, i) => {
          const ms = Number(left[i]);
          if (ms > 0) map.set(id, ms);
        });
        return map;
      } catch (error) {
        options.onFallback?.(error);
        return local.remaining(ids);
      }
    },
    async coolDown(id, ms) {
      local.coolDown(id, ms);
      try {
        await options.redis.eval(COOL_DOWN, 1, prefix + id, Math.max(1, Math.ceil(ms)));
      } catch (error) {
        options.onFallback?.(error);
      }
    },
  };
}
