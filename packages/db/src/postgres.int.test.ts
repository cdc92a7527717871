import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { defineApiRunSuite } from './defineApiRunSuite';
import { defineAuditSuite } from './defineAuditSuite';
import { defineDocumentStoreSuite } from './defineDocumentStoreSuite';
import { defineMemoryUsageSuite } from './defineMemoryUsageSuite';
import { definePublishedVersionsSuite } from './definePublishedVersionsSuite';
import { definePublishedWorkflowsSuite } from './definePublishedWorkflowsSuite';
import { defineRepoSuite } from './defineRepoSuite';
import { defineRunApprovalsSuite } from './defineRunApprovalsSuite';
import { defineRunHistorySuite } from './defineRunHistorySuite';
import { defineSchedulesSuite } from './defineSchedulesSuite';
import { defineSecretsVaultSuite } from './defineSecretsVaultSuite';
import { defineSecurityRepoSuite } from './defineSecurityRepoSuite';
import { defineSqlSuite } from './defineSqlSuite';
import { defineSsoRepoSuite } from './defineSsoRepoSuite';
import { defineStorageLayoutSuite } from './defineStorageLayoutSuite';
import { defineSubworkflowRunsSuite } from './defineSubworkflowRunsSuite';
import { defineSystemStatusSuite } from './defineSystemStatusSuite';
import { defineTwoFactorSuite } from './defineTwoFactorSuite';
import { defineWebhooksSuite } from './defineWebhooksSuite';
import { createDocumentStore } from './documentStore';
import { migrate } from './migrate';
import { openDatabase } from './openDatabase';
import { openPostgres } from './openPostgres';

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)(
  'on a Postgres server (needs TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test)',
  () => {
    // Each suite gets its own database, dropped when this file is done. postgres.js connects lazily, so
    // collecting this block without a URL opens nothing.
    const admin = postgres(url ?? 'postgres://unused@127.0.0.1:1/none', { max: 1, onnotice: () => {} });
    const created: string[] = [];

    async function freshUrl(): Promise<string> {
      const name = `synapse_t_${randomBytes(6).toString('hex')}`;
      await admin.unsafe(`create database ${name}`);
      created.push(name);
      const next = new URL(url!);
      next.pathname = `/${name}`;
      return next.toString();
    }

    afterAll(async () => {
      for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    });

    defineSqlSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineDocumentStoreSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineStorageLayoutSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineRepoSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineRunHistorySuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineRunApprovalsSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineSubworkflowRunsSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineSecurityRepoSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineSsoRepoSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    definePublishedWorkflowsSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineAuditSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineTwoFactorSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineMemoryUsageSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    definePublishedVersionsSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineApiRunSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineWebhooksSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineSchedulesSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineSecretsVaultSuite('postgres', async () => openPostgres({ url: await freshUrl() }));
    defineSystemStatusSuite('postgres', async () => {
      const fresh = await freshUrl();
      return { database: await openPostgres({ url: fresh }), url: fresh };
    });

    describe('postgres only', () => {
      it('applies each migration once when processes migrate at the same time', async () => {
        const target = await freshUrl();
        const databases = await Promise.all([1, 2, 3].map(() => openPostgres({ url: target, max: 2 })));
        try {
          const results = await Promise.all(databases.map((db) => migrate(db.sql)));
          const applied = results.flatMap((r) => r.applied);
          expect(applied.length).toBeGreaterThan(0);
          expect(new Set(applied).size).toBe(applied.length);
          const [row] = await databases[0]!.sql.query('select count(*) as n from synapse_migrations');
          expect(row?.n).toBe(applied.length);
        } finally {
          await Promise.all(databases.map((db) => db.close()));
        }
      });

      it('serialises two first compactions of a document that reach the upsert together', async () => {
        const target = await freshUrl();
        const db = await openPostgres({ url: target });
        const blocker = postgres(target, { max: 1 });
        const blocking = await blocker.reserve();
        try {
          await migrate(db.sql);
          // Let both compactions pass their SELECT but hold every upsert until both have merged (or one
          // waits on the per-document lock), so an unserialised pair would both merge from null.
          await blocking`begin`;
          await blocking`lock table ydoc_snapshots in share mode`;
          let merges = 0;
          const append = (marker: number) => (prev: Uint8Array | null) => {
            merges += 1;
            return new Uint8Array([...(prev ?? []), marker]);
          };
          const store = createDocumentStore(db.sql);
          const both = Promise.all([
            store.compact('doc', append(1), []),
            store.compact('doc', append(2), []),
          ]);
          for (;;) {
            const [row] = await blocking`select count(*)::int as n from pg_locks where locktype = 'advisory'
            and not granted and database = (select oid from pg_database where datname = current_database())`;
            if (merges + (row?.n ?? 0) >= 2) break;
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          await blocking`commit`;
          await both;
          const { snapshot } = await store.load('doc');
          expect([...(snapshot ?? [])].sort()).toEqual([1, 2]);
        } finally {
          blocking.release();
          await blocker.end();
          await db.close();
        }
      });

      it('openDatabase picks postgres for a url', async () => {
        const db = await openDatabase({ url: await freshUrl() });
        try {
          expect(db.sql.driver).toBe('postgres');
          expect(db.pglite).toBeUndefined();
        } finally {
          await db.close();
        }
      });

      it('openPostgres fails fast on an unreachable server', async () => {
        const bad = new URL(url as string);
        bad.port = '1';
        await expect(openPostgres({ url: bad.toString() })).rejects.toThrow();
      });
    });
  },
);
