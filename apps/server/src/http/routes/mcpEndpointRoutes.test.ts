import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCodes } from '@synapse/schema';
import { describe, expect, it, vi } from 'vitest';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

interface Created {
  token: string;
  info: { id: string; name: string; hint: string; revokedAt: number | null };
}

describe('MCP endpoint routes', () => {
  const t = useTeamApp({ workflow: true });

  const tokens = '/api/workspaces/default/api-tokens';
  const createToken = async (name = 'CI') => {
    const response = await t.owner.request(tokens, { body: { name } });
    expect(response.status).toBe(201);
    return (await response.json()) as Created;
  };
  const tool = () => `/api/workspaces/default/workflows/${t.workflowId}/mcp-tool`;

  /** The MCP SDK's client, speaking to the app through app.request instead of a socket. */
  async function connect(token: string): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL('http://localhost/mcp/workspaces/default'), {
      fetch: (url, init) => Promise.resolve(t.app.request(String(url), init)),
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: 'route-test', version: '1.0.0' });
    await client.connect(transport);
    return client;
  }

  it('lets an owner create, list and revoke API tokens, showing the token once', async () => {
    const created = await createToken();
    expect(created.info).toMatchObject({ name: 'CI', revokedAt: null });
    const list = await t.owner.request(tokens);
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(JSON.parse(text).tokens.map((x: { id: string }) => x.id)).toContain(created.info.id);
    expect(text).not.toContain(created.token);
    const path = `${tokens}/${created.info.id}`;
    expect((await t.owner.request(path, { method: 'DELETE' })).status).toBe(204);
    const again = await t.owner.request('/api/workspaces/default/api-tokens/nope', { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await errorCode(again)).toBe(ErrorCodes.notFound);
  });

  it('keeps API tokens to owners (403 for editors) and answers 400 to a nameless token', async () => {
    for (const init of [{}, { body: { name: 'Mine' } }]) {
      const response = await t.editor.request(tokens, init);
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe(ErrorCodes.forbidden);
    }
    const invalid = await t.owner.request(tokens, { body: { name: '' } });
    expect(invalid.status).toBe(400);
    expect(await errorCode(invalid)).toBe(ErrorCodes.invalidRequest);
  });

  it('publishes a workflow as a tool for editors, which token holders see over MCP', async () => {
    expect((await t.viewer.request(tool(), { method: 'PUT', body: { toolName: 'summarize' } })).status).toBe(
      403,
    );
    const published = await t.editor.request(tool(), { method: 'PUT', body: { toolName: 'summarize' } });
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({
      tool: { workflowId: t.workflowId, toolName: 'summarize' },
    });
    const listed = await t.viewer.request('/api/workspaces/default/mcp-tools');
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({
      tools: [{ workflowId: t.workflowId, toolName: 'summarize' }],
    });

    const client = await connect((await createToken('Agent')).token);
    // The tool list comes from the published rows: listing opens no workflow document.
    const open = vi.spyOn(t.sync, 'openDirectConnection');
    try {
      const { tools } = await client.listTools();
      expect(tools.map((x) => x.name)).toEqual(['summarize']);
      expect(open).not.toHaveBeenCalled();
    } finally {
      open.mockRestore();
      await client.close();
    }
  });

  it('answers 400 to a tool name with spaces', async () => {
    const response = await t.editor.request(tool(), { method: 'PUT', body: { toolName: 'two words' } });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('unpublishes for editors; then it is 404', async () => {
    await t.editor.request(tool(), { method: 'PUT', body: { toolName: 'to-remove' } });
    expect((await t.viewer.request(tool(), { method: 'DELETE' })).status).toBe(403);
    expect((await t.editor.request(tool(), { method: 'DELETE' })).status).toBe(204);
    const again = await t.editor.request(tool(), { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await errorCode(again)).toBe(ErrorCodes.notFound);
  });

  it('opens the endpoint only with a valid token of this workspace, and only to POST', async () => {
    const endpoint = '/mcp/workspaces/default';
    const none = await t.app.request(endpoint, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await errorCode(none)).toBe(ErrorCodes.unauthorized);
    const revoked = await createToken('Revoked');
    await t.owner.request(`${tokens}/${revoked.info.id}`, { method: 'DELETE' });
    const stale = await t.app.request(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${revoked.token}` },
    });
    expect(stale.status).toBe(401);
    const { token } = await createToken('Reader');
    const other = await t.app.request('/mcp/workspaces/elsewhere', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(other.status).toBe(401);
    const get = await t.app.request(endpoint, { headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('answers 401 to the signed out on the management routes', async () => {
    for (const path of [tokens, '/api/workspaces/default/mcp-tools']) {
      expect((await t.request(path)).status).toBe(401);
    }
  });
});
