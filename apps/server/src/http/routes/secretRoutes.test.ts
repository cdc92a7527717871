import { ErrorCodes } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

const VALUE = 'ghp_vault_route_0123456789TAIL';
const SECRETS = '/api/workspaces/default/secrets';

interface SecretView {
  name: string;
  hint: string | null;
  createdBy: string | null;
  createdByName: string | null;
  lastUsedAt: number | null;
  allowedHosts: string[];
}

describe('secret routes', () => {
  const t = useTeamApp();

  async function auditOf(name: string) {
    return t.database.sql.query<{ kind: string; details: Record<string, unknown>; actor: string }>(
      `select kind, details, actor_id as actor from audit_events where target = $1 order by id`,
      [name],
    );
  }

  it('lets an editor add a secret that is listed by name and hint, never by value, and audited by name', async () => {
    const created = await t.editor.request(SECRETS, { body: { name: 'GITHUB_TOKEN', value: VALUE } });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain(VALUE);
    expect(JSON.parse(text).secret).toMatchObject({
      name: 'GITHUB_TOKEN',
      hint: '…TAIL',
      createdBy: t.editor.id,
      createdByName: t.editor.name,
      lastUsedAt: null,
    });

    const listed = await t.owner.request(SECRETS);
    const listText = await listed.text();
    expect(listText).not.toContain(VALUE);
    expect((JSON.parse(listText).secrets as SecretView[]).map((s) => [s.name, s.hint])).toEqual([
      ['GITHUB_TOKEN', '…TAIL'],
    ]);
    // Viewers list names (and dates) only.
    const asViewer = (await (await t.viewer.request(SECRETS)).json()) as { secrets: SecretView[] };
    expect(asViewer.secrets).toEqual([
      expect.objectContaining({ name: 'GITHUB_TOKEN', hint: null, createdBy: null, createdByName: null }),
    ]);

    const events = await auditOf('GITHUB_TOKEN');
    expect(events.map((e) => [e.kind, e.actor, e.details])).toEqual([
      ['secret.created', t.editor.id, { name: 'GITHUB_TOKEN', allowedHosts: [] }],
    ]);
    expect(JSON.stringify(events)).not.toContain(VALUE.slice(-8));
  });

  it('updates a value in place (the runner reads the new one) and deletes it, both audited', async () => {
    await t.editor.request(SECRETS, { body: { name: 'HOOK_TOKEN', value: 'first-value-0001' } });
    const again = await t.editor.request(SECRETS, { body: { name: 'HOOK_TOKEN', value: 'other' } });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe(ErrorCodes.conflict);

    const updated = await t.owner.request(`${SECRETS}/HOOK_TOKEN`, {
      method: 'PUT',
      body: { value: 'second-value-0002' },
    });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as { secret: SecretView }).secret.hint).toBe('…0002');
    expect((await t.security.vault.readSecrets('default', ['HOOK_TOKEN'])).get('HOOK_TOKEN')?.value).toBe(
      'second-value-0002',
    );
    const used = (await (await t.editor.request(SECRETS)).json()) as { secrets: SecretView[] };
    expect(used.secrets.find((s) => s.name === 'HOOK_TOKEN')?.lastUsedAt).toEqual(expect.any(Number));

    const missing = await t.owner.request(`${SECRETS}/NO_SUCH`, { method: 'PUT', body: { value: 'x' } });
    expect(missing.status).toBe(404);

    expect((await t.editor.request(`${SECRETS}/HOOK_TOKEN`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.editor.request(`${SECRETS}/HOOK_TOKEN`, { method: 'DELETE' })).status).toBe(404);
    expect((await auditOf('HOOK_TOKEN')).map((e) => e.kind)).toEqual([
      'secret.created',
      'secret.updated',
      'secret.deleted',
    ]);
  });

  it('limits a secret to hosts on create, changes the list without the value, and audits from → to', async () => {
    const created = await t.editor.request(SECRETS, {
      body: { name: 'SCOPED', value: VALUE, allowedHosts: ['API.GitHub.com', '*.example.com'] },
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { secret: SecretView }).secret.allowedHosts).toEqual([
      'api.github.com',
      '*.example.com',
    ]);
    const narrowed = await t.owner.request(`${SECRETS}/SCOPED`, {
      method: 'PUT',
      body: { allowedHosts: ['api.github.com'] },
    });
    expect(narrowed.status).toBe(200);
    expect(((await narrowed.json()) as { secret: SecretView }).secret).toMatchObject({
      allowedHosts: ['api.github.com'],
      hint: '…TAIL',
    });
    expect((await t.security.vault.readSecrets('default', ['SCOPED'])).get('SCOPED')).toEqual({
      value: VALUE,
      allowedHosts: ['api.github.com'],
    });
    // Viewers see the list too: it says where a secret goes, not what it is.
    const asViewer = (await (await t.viewer.request(SECRETS)).json()) as { secrets: SecretView[] };
    expect(asViewer.secrets.find((s) => s.name === 'SCOPED')?.allowedHosts).toEqual(['api.github.com']);
    await t.editor.request(`${SECRETS}/SCOPED`, { method: 'PUT', body: { value: `${VALUE}2` } });
    expect((await auditOf('SCOPED')).map((e) => [e.kind, e.details])).toEqual([
      ['secret.created', { name: 'SCOPED', allowedHosts: ['api.github.com', '*.example.com'] }],
      [
        'secret.updated',
        {
          name: 'SCOPED',
          valueReplaced: false,
          allowedHosts: { from: ['api.github.com', '*.example.com'], to: ['api.github.com'] },
        },
      ],
      ['secret.updated', { name: 'SCOPED', valueReplaced: true }],
    ]);
  });

  it('lets editors narrow the hosts of an existing secret but only owners widen them (or lift the limit)', async () => {
    await t.owner.request(SECRETS, { body: { name: 'OWNED', value: VALUE, allowedHosts: ['*.github.com'] } });
    for (const allowedHosts of [['*.github.com', 'evil.example'], []]) {
      const wider = await t.editor.request(`${SECRETS}/OWNED`, { method: 'PUT', body: { allowedHosts } });
      expect(wider.status, JSON.stringify(allowedHosts)).toBe(403);
      expect(await errorCode(wider)).toBe(ErrorCodes.forbidden);
    }
    const narrower = await t.editor.request(`${SECRETS}/OWNED`, {
      method: 'PUT',
      body: { allowedHosts: ['api.github.com'] },
    });
    expect(narrower.status).toBe(200);
    const widened = await t.owner.request(`${SECRETS}/OWNED`, { method: 'PUT', body: { allowedHosts: [] } });
    expect(((await widened.json()) as { secret: SecretView }).secret.allowedHosts).toEqual([]);
    expect((await auditOf('OWNED')).map((e) => [e.kind, e.actor])).toEqual([
      ['secret.created', t.owner.id],
      ['secret.updated', t.editor.id],
      ['secret.updated', t.owner.id],
    ]);
  });

  it('refuses host entries with ports or schemes, wide wildcards, more than 20, and an empty update', async () => {
    for (const allowedHosts of [
      ['api.github.com:443'],
      ['https://api.github.com'],
      ['*.com'],
      ['api.github.com/path'],
      Array.from({ length: 21 }, (_, i) => `h${i}.example.com`),
    ]) {
      const response = await t.editor.request(SECRETS, {
        body: { name: 'BAD_HOSTS', value: VALUE, allowedHosts },
      });
      expect(response.status, JSON.stringify(allowedHosts)).toBe(400);
    }
    await t.editor.request(SECRETS, { body: { name: 'PLAIN', value: VALUE } });
    const empty = await t.editor.request(`${SECRETS}/PLAIN`, { method: 'PUT', body: {} });
    expect(empty.status).toBe(400);
    const names = ((await (await t.owner.request(SECRETS)).json()) as { secrets: SecretView[] }).secrets.map(
      (s) => s.name,
    );
    expect(names).not.toContain('BAD_HOSTS');
  });

  it('refuses viewers writing, names that are not identifiers and empty values', async () => {
    const viewer = await t.viewer.request(SECRETS, { body: { name: 'VIEWER_TOKEN', value: 'value' } });
    expect(viewer.status).toBe(403);
    expect((await t.viewer.request(`${SECRETS}/GITHUB_TOKEN`, { method: 'DELETE' })).status).toBe(403);
    for (const body of [
      { name: 'MY-TOKEN', value: 'value' },
      { name: '9LIVES', value: 'value' },
      { name: 'EMPTY', value: '' },
      { name: 'EXTRA', value: 'value', hint: 'x' },
    ]) {
      const response = await t.editor.request(SECRETS, { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const names = ((await (await t.owner.request(SECRETS)).json()) as { secrets: SecretView[] }).secrets.map(
      (s) => s.name,
    );
    expect(names).not.toContain('VIEWER_TOKEN');
    expect(names).not.toContain('EMPTY');
  });
});
