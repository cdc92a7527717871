import { ErrorCodes } from '@synapse/schema';
import { type FakeMcpServer, startFakeMcpServer } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK_ALLOWED } from '../test/createTestApp';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

interface Server {
  id: string;
  name: string;
  transport: string;
  url: string | null;
  headerName: string | null;
  hasHeader: boolean;
}

const TOKEN = 'mcp-secret-token-123';

describe('MCP server routes', () => {
  const t = useTeamApp({ addressPolicy: LOOPBACK_ALLOWED });
  // The fake MCP server from packages/testkit, on loopback (allowed by this app's address policy).
  let mcp: FakeMcpServer;
  beforeAll(async () => {
    mcp = await startFakeMcpServer({ token: TOKEN });
  });
  afterAll(() => mcp.close());

  const servers = '/api/workspaces/default/mcp-servers';
  const add = async (body: object, client = t.editor) => client.request(servers, { body });

  it('lets an editor add an HTTP server with an auth header, stored without the secret', async () => {
    const response = await add({
      transport: 'http',
      name: 'Fake',
      url: mcp.url,
      headerValue: `Bearer ${TOKEN}`,
    });
    expect(response.status).toBe(201);
    const { server } = (await response.json()) as { server: Server };
    expect(server).toMatchObject({
      name: 'Fake',
      transport: 'http',
      headerName: 'authorization',
      hasHeader: true,
    });
    const list = await t.viewer.request(servers);
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(JSON.parse(text)).toMatchObject({ servers: [{ id: server.id }], stdioChoices: [] });
    expect(text).not.toContain(TOKEN);
  });

  it('lists a server’s tools through the pool, sending the stored header', async () => {
    const { server } = (await (
      await add({ transport: 'http', name: 'Tools', url: mcp.url, headerValue: `Bearer ${TOKEN}` })
    ).json()) as { server: Server };
    const response = await t.viewer.request(`${servers}/${server.id}/tools`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { tools: { name: string }[]; error: string | null };
    expect(body.error).toBeNull();
    expect(body.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['add', 'weather']));
  });

  it('reports an unreachable or refusing server as an error in the body', async () => {
    const { server } = (await (await add({ transport: 'http', name: 'No auth', url: mcp.url })).json()) as {
      server: Server;
    };
    const response = await t.viewer.request(`${servers}/${server.id}/tools`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { error: string | null }).error).toBeTruthy();
  });

  it.each([
    [
      'a command (stdio servers are chosen from the operator’s list)',
      { transport: 'stdio', entry: 'x', command: 'sh' },
    ],
    ['an unknown transport', { transport: 'ftp', name: 'X', url: 'ftp://x' }],
    ['a stdio entry the operator did not configure', { transport: 'stdio', entry: 'nope' }],
  ])('answers 400 to %s', async (_, body) => {
    const response = await add(body);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('answers 400 to a reserved header name', async () => {
    const response = await add({
      transport: 'http',
      name: 'X',
      url: mcp.url,
      headerName: 'host',
      headerValue: 'abcdefgh',
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('answers 422 to a URL on a private address', async () => {
    const response = await add({ transport: 'http', name: 'LAN', url: 'http://192.168.1.10/mcp' });
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe(ErrorCodes.addressRefused);
  });

  it('refuses viewers (403) and the signed out (401)', async () => {
    const refused = await add({ transport: 'http', name: 'X', url: mcp.url }, t.viewer);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    expect((await t.request(servers)).status).toBe(401);
  });

  it('removes a server for an editor; then it is 404', async () => {
    const { server } = (await (await add({ transport: 'http', name: 'Gone', url: mcp.url })).json()) as {
      server: Server;
    };
    const path = `${servers}/${server.id}`;
    expect((await t.viewer.request(path, { method: 'DELETE' })).status).toBe(403);
    expect((await t.editor.request(path, { method: 'DELETE' })).status).toBe(204);
    for (const [method, target] of [
      ['DELETE', path],
      ['GET', `${path}/tools`],
    ] as const) {
      const response = await t.editor.request(target, { method });
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe(ErrorCodes.notFound);
    }
  });
});
