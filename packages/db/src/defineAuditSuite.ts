import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from './auditLog';
import { createAuditRetention } from './auditRetention';
import { createMembershipsRepo } from './membershipsRepo';
import { migrate } from './migrate';
import type { Database, Sql } from './Sql';
import { createUsersRepo } from './usersRepo';
import { createWorkspacesRepo } from './workspacesRepo';

const DAY = 86_400_000;
const NOW = 1_000 * DAY;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Audit export (keyset scan) and retention (per-workspace pruning) against a driver. */
export function defineAuditSuite(name: string, open: () => Promise<Database>): void {
  describe(`audit export and retention: ${name}`, () => {
    let db: Database;
    let sql: Sql;

    beforeAll(async () => {
      db = await open();
      sql = db.sql;
      await migrate(sql);
    });
    afterAll(async () => {
      await db?.close();
    });

    async function workspace() {
      const id = unique('ws');
      await createWorkspacesRepo(sql).ensure({ id, name: id });
      return id;
    }
    async function member(workspaceId: string, userId = unique('user')) {
      await createUsersRepo(sql).ensure({ id: userId, name: userId });
      await createMembershipsRepo(sql).set({ workspaceId, userId, role: 'editor' });
      return userId;
    }
    /** Records one event `ageDays` before NOW. */
    async function event(workspaceId: string | null, actorId: string, ageDays: number, kind = 'run.started') {
      await createAuditLog(sql, { now: () => NOW - ageDays * DAY }).record({
        workspaceId,
        actorId,
        actorName: actorId,
        kind: kind as 'run.started',
        details: { ageDays },
      });
    }
    const ages = async (workspaceId: string) =>
      (await createAuditLog(sql).query({ workspaceId, limit: 500 })).map((e) => e.details.ageDays);

    it('scans every matching event newest first, one keyset page at a time', async () => {
      const ws = await workspace();
      const alice = await member(ws);
      const bob = await member(ws);
      for (let i = 0; i < 7; i++)
        await event(ws, i % 2 ? bob : alice, 10 - i, i % 3 ? 'run.started' : 'key.used');
      await event(await workspace(), alice, 1); // another workspace's event never appears
      const log = createAuditLog(sql);
      const pages: number[][] = [];
      for await (const page of log.scan({ workspaceId: ws, limit: 1, before: 1 }, { pageSize: 3 }))
        pages.push(page.map((e) => e.details.ageDays as number));
      expect(pages).toEqual([[4, 5, 6], [7, 8, 9], [10]]);
      const filtered = [];
      for await (const page of log.scan(
        { workspaceId: ws, actorId: alice, kind: 'key.', since: NOW - 10.5 * DAY },
        { pageSize: 1 },
      ))
        filtered.push(...page.map((e) => [e.actorId, e.kind, e.details.ageDays]));
      expect(filtered).toEqual([
        [alice, 'key.used', 4],
        [alice, 'key.used', 10],
      ]);
      const until = [];
      for await (const page of log.scan({ workspaceId: ws, kind: 'key.used', until: NOW - 5 * DAY }))
        until.push(...page.map((e) => e.details.ageDays));
      expect(until).toEqual([7, 10]);
      const empty = log.scan({ workspaceId: ws, kind: 'memory.' });
      expect((await empty.next()).done).toBe(true);
    });

    it('keeps events forever by default and stores a period per workspace', async () => {
      const ws = await workspace();
      const retention = createAuditRetention(sql);
      expect(await retention.get(ws)).toBeNull();
      expect(await retention.set(ws, 90)).toEqual({ previous: null });
      expect(await retention.set(ws, 30)).toEqual({ previous: 90 });
      expect(await retention.get(ws)).toBe(30);
      expect(await retention.set('no-such-workspace', 30)).toBe(false);
      await expect(retention.set(ws, 0)).rejects.toThrow();
      await retention.set(ws, null);
      const user = await member(ws);
      await event(ws, user, 5000);
      expect(await retention.prune(NOW)).not.toContainEqual(expect.objectContaining({ workspaceId: ws }));
      expect(await ages(ws)).toEqual([5000]);
    });

    it("deletes each workspace's events older than its own period, in batches", async () => {
      const retention = createAuditRetention(sql);
      const short = await workspace();
      const long = await workspace();
      const forever = await workspace();
      const user = unique('user');
      for (const ws of [short, long, forever]) {
        await member(ws, user);
        for (const age of [400, 100, 31, 29, 1]) await event(ws, user, age);
      }
      await retention.set(short, 30);
      await retention.set(long, 365);

      const pruned = await retention.prune(NOW, { batchSize: 2 });
      expect(pruned.filter((p) => [short, long, forever].includes(p.workspaceId))).toEqual(
        expect.arrayContaining([
          {
            workspaceId: short,
            retentionDays: 30,
            before: NOW - 30 * DAY,
            workspaceEvents: 3,
            accountEvents: 0,
          },
          {
            workspaceId: long,
            retentionDays: 365,
            before: NOW - 365 * DAY,
            workspaceEvents: 1,
            accountEvents: 0,
          },
        ]),
      );
      expect(pruned.find((p) => p.workspaceId === forever)).toBeUndefined();
      expect(await ages(short)).toEqual([1, 29]);
      expect(await ages(long)).toEqual([1, 29, 31, 100]);
      expect(await ages(forever)).toEqual([1, 29, 31, 100, 400]);
      // A second pass finds nothing more.
      expect((await retention.prune(NOW)).find((p) => p.workspaceId === short)).toBeUndefined();
    });

    it("deletes an account's sign-ins only past the longest period of all its workspaces", async () => {
      const retention = createAuditRetention(sql);
      const a = await workspace();
      const b = await workspace();
      await retention.set(a, 30);
      await retention.set(b, 90);
      const both = await member(a);
      await member(b, both);
      const onlyA = await member(a);
      const inForever = await member(a);
      await member(await workspace(), inForever);
      const noWorkspace = unique('gone');
      for (const who of [both, onlyA, inForever, noWorkspace])
        for (const age of [100, 60, 10]) await event(null, who, age, 'auth.signed_in');

      const pruned = await retention.prune(NOW);
      // `both`: past 90 days only (one event); `onlyA`: past 30 days (two). Both show in workspace a.
      expect(pruned.find((p) => p.workspaceId === a)?.accountEvents).toBe(3);
      expect(pruned.find((p) => p.workspaceId === b)?.accountEvents).toBe(1);
      const left = await sql.query<{ actor: string; n: number }>(
        `select actor_id as actor, count(*)::int as n from audit_events where workspace_id is null
         and actor_id in ($1, $2, $3, $4) group by actor_id`,
        [both, onlyA, inForever, noWorkspace],
      );
      expect(Object.fromEntries(left.map((r) => [r.actor, r.n]))).toEqual({
        [both]: 2,
        [onlyA]: 1,
        [inForever]: 3,
        [noWorkspace]: 3,
      });
    });
  });
}
