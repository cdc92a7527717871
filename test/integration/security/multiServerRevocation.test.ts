// Two servers sharing one Postgres: access taken away on one closes the connections held on the other
// (memberships and sessions travel by NOTIFY).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowDocName } from '@synapse/schema';
import { type ServerHandle, startServer } from '@synapse/server';
import { createTestDatabase, createTestUsers, type TestDatabase } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDoc } from '../support/openDoc';

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('revocation across servers (needs TEST_DATABASE_URL)', () => {
  let db: TestDatabase;
  let dir: string;
  const servers: ServerHandle[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(url as string);
    dir = await mkdtemp(join(tmpdir(), 'synapse-multi-'));
    for (const name of ['a', 'b']) {
      servers.push(
        await startServer({
          port: 0,
          host: '127.0.0.1',
          databaseUrl: db.url,
          dataDir: join(dir, name),
          secret: 'multi-server-secret-multi-server-secret',
          masterKeys: servers[0]?.masterKeys,
          maxMessageBytes: 2 * 1024 * 1024,
          maxDocumentBytes: 16 * 1024 * 1024,
          logLevel: 'silent',
          pretty: false,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('removal and logout on server A close connections held on server B', async () => {
    const [a, b] = servers as [ServerHandle, ServerHandle];
    const onA = createTestUsers(a.url);
    const onB = createTestUsers(b.url);
    const owner = await onA.signUp({ name: 'Owner' });
    const editor = await onB.signUp({
      name: 'Editor',
      inviteToken: await onA.invite(owner, 'default', 'editor'),
    });
    const member = await onB.signUp({
      name: 'Member',
      inviteToken: await onA.invite(owner, 'default', 'editor'),
    });

    const editorDoc = openDoc(b.syncUrl, workflowDocName('default', 'x'), () => editor.syncToken());
    const memberDoc = openDoc(b.syncUrl, workflowDocName('default', 'y'), () => member.syncToken());
    expect(await editorDoc.outcome).toEqual({ kind: 'read-write' });
    expect(await memberDoc.outcome).toEqual({ kind: 'read-write' });

    const removed = await owner.request(`/api/workspaces/default/members/${editor.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(await editorDoc.closed).toMatch(/no longer a member/);

    // The member's session (made on B) signs out through server A; the connection on B closes.
    const out = await fetch(`${a.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: member.cookie },
    });
    expect(out.status).toBe(204);
    expect(await memberDoc.closed).toMatch(/signed out/);
    editorDoc.destroy();
    memberDoc.destroy();
  });
});
