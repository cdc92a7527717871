import { describe, expect, it } from 'vitest';
import { isTxOrigin, MIGRATION_ORIGIN, RUNNER_ORIGIN, SERVER_ORIGIN, USER_ORIGIN } from './origins';

describe('transaction origins', () => {
  it('are frozen singletons of each kind', () => {
    const all = [USER_ORIGIN, RUNNER_ORIGIN, MIGRATION_ORIGIN, SERVER_ORIGIN];
    expect(all.map((o) => o.kind)).toEqual(['user', 'runner', 'migration', 'server']);
    for (const origin of all) expect(Object.isFrozen(origin)).toBe(true);
  });

  it('isTxOrigin recognises origins and nothing else', () => {
    expect(isTxOrigin(USER_ORIGIN)).toBe(true);
    expect(isTxOrigin({ kind: 'runner' })).toBe(true);
    for (const value of [null, undefined, 'user', 42, {}, { kind: 'admin' }, { kind: 1 }]) {
      expect(isTxOrigin(value)).toBe(false);
    }
  });
});
