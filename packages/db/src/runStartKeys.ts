import type { Sql } from './Sql';

/**
 * A table of run-start keys (webhook delivery ids, run API Idempotency-Keys): which columns name a key,
 * how long a key answers with its run, and how long a claim may go without its run before a retry takes
 * it over. `boundColumns` are set by a fresh claim and must match for a takeover (the run API's key is
 * bound to one workflow); claims that find the key taken are told them.
 */
export interface RunStartKeyTable {
  table: string;
  keyColumns: readonly string[];
  boundColumns?: readonly string[];
  windowMs: number;
  pendingMs: number;
}

export type RunStartKeyClaim<Bound extends object> =
  /**
   * This request holds the key: start run `runId` (the id reserved for the key) and `complete`, or
   * `release` on failure. `claimedAt` is the claim's token for `release`.
   */
  | { kind: 'claimed'; runId: string; claimedAt: number }
  /** The key's run started. */
  | ({ kind: 'existing'; runId: string } & Bound)
  /** An earlier request with the key is still starting its run. */
  | ({ kind: 'pending' } & Bound);

export interface RunStartKeys<Bound extends object> {
  claim(
    key: readonly unknown[],
    bound: readonly unknown[],
    now: number,
    runId: string,
  ): Promise<RunStartKeyClaim<Bound>>;
  complete(key: readonly unknown[], runId: string): Promise<void>;
  release(key: readonly unknown[], claimedAt: number): Promise<void>;
}

/**
 * Run-start keys whose run id is reserved when the key is first claimed (migration 0023). The run service
 * inserts a run under a given id once, so every request holding the key in turn — a slow first one, the
 * retry that took its claim over — starts that one run or answers with it. The id is replaced only when
 * the key is fresh again: past its window, or released after its run failed to start.
 */
export function createRunStartKeys<Bound extends object>(sql: Sql, t: RunStartKeyTable): RunStartKeys<Bound> {
  const keys = t.keyColumns;
  const bound = t.boundColumns ?? [];
  const columns = [...keys, ...bound];
  const matchKey = keys.map((c, i) => `${t.table}.${c} = $${i + 1}`).join(' and ');
  const boundSame = bound.map((c) => ` and ${t.table}.${c} = excluded.${c}`).join('');
  const boundSet = bound.map((c) => `, ${c} = excluded.${c}`).join('');
  const boundSelect = bound.map((c) => `, ${c} as "${camel(c)}"`).join('');

  return {
    async claim(key, boundValues, now, runId) {
      const n = columns.length;
      const at = (i: number) => `$${n + i}`;
      // The row is read when the insert takes nothing; deleted in between (a release, a prune), the key
      // is simply claimed again.
      for (;;) {
        // A key past its window is fresh (a new run id); a claim released, or abandoned for `pendingMs`,
        // is taken over with the id it reserved (null only on claims from before migration 0023).
        const [taken] = await sql.query<{ runId: string }>(
          `insert into ${t.table} (${columns.join(', ')}, run_id, state, created_at_ms)
           values (${columns.map((_, i) => `$${i + 1}`).join(', ')}, ${at(1)}, 'claimed', ${at(2)})
           on conflict (${keys.join(', ')}) do update set
             run_id = case when ${t.table}.created_at_ms <= ${at(3)} then excluded.run_id
                           else coalesce(${t.table}.run_id, excluded.run_id) end,
             state = 'claimed', created_at_ms = excluded.created_at_ms${boundSet}
           where ${t.table}.created_at_ms <= ${at(3)}
              or (${t.table}.state = 'released'
                  or (${t.table}.state = 'claimed' and ${t.table}.created_at_ms <= ${at(4)}))${boundSame}
           returning run_id as "runId"`,
          [...key, ...boundValues, runId, now, now - t.windowMs, now - t.pendingMs],
        );
        // A takeover comes `pendingMs` after the claim it replaces, or after its release: its time tells
        // the claims apart for `release`.
        if (taken) return { kind: 'claimed', runId: taken.runId, claimedAt: now };
        const [row] = await sql.query<{ runId: string | null; state: string } & Record<string, unknown>>(
          `select run_id as "runId", state${boundSelect} from ${t.table} where ${matchKey}`,
          key,
        );
        if (!row) continue;
        const { runId: started, state, ...rest } = row;
        const boundOut = rest as Bound;
        return state === 'started' && started
          ? { kind: 'existing', runId: started, ...boundOut }
          : { kind: 'pending', ...boundOut };
      }
    },

    async complete(key, runId) {
      // The run id is the token: whichever request started the key's run — or found it started — may
      // say so; a key reserved anew since (past its window) keeps its own id.
      await sql.query(
        `update ${t.table} set state = 'started' where ${matchKey} and run_id = $${keys.length + 1}`,
        [...key, runId],
      );
    },

    async release(key, claimedAt) {
      // Only this request's claim, never a retry's taken over meanwhile.
      const claim = `${matchKey} and created_at_ms = $${keys.length + 1} and state = 'claimed'`;
      // The run was made under the reserved id and failed to start (the run service fails it): the key
      // is fresh again, and the next request starts a new run.
      const runFailed = `exists (select 1 from runs where runs.id = ${t.table}.run_id and runs.status = 'failed')`;
      await sql.query(`delete from ${t.table} where ${claim} and ${runFailed}`, [...key, claimedAt]);
      // Otherwise the id stays: a slow earlier request holding the key may still make that run, and the
      // next request must find it rather than start another.
      await sql.query(`update ${t.table} set state = 'released' where ${claim}`, [...key, claimedAt]);
    },
  };
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
