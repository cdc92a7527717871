// The agent panel's Tools section: the workspace's MCP server tools with their input schemas, chosen per
// agent with checkboxes that sync like any other field (seen by a collaborator), plus memory switches.
import { addNode, USER_ORIGIN } from '@synapse/schema';
import { type FakeMcpServer, startFakeMcpServer } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, openWorkflow, selectNode, shot, startEditorHarness } from './editor-harness';

let h: EditorHarness;
let mcp: FakeMcpServer;

beforeAll(async () => {
  [h, mcp] = await Promise.all([startEditorHarness(), startFakeMcpServer()]);
});

afterAll(async () => {
  await h?.close();
  await mcp?.close();
});

describe('tools in the agent panel', () => {
  it('lists MCP tools with schemas and syncs the agent’s choice to a collaborator', async () => {
    const added = await h.ada.request('/api/workspaces/default/mcp-servers', {
      body: { transport: 'http', name: 'Calculator', url: mcp.url },
    });
    expect(added.status).toBe(201);
    const serverId = ((await added.json()) as { server: { id: string } }).server.id;
    let agent = '';
    const workflowId = await h.seedWorkflow(h.ada, 'Tools panel', (doc) => {
      agent = addNode(doc, { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Calc' } }, USER_ORIGIN);
    });
    const url = h.workflowUrl(workflowId);
    const a = await h.newPage(h.ada);
    const b = await h.newPage(h.bob);
    await openWorkflow(a, url, 1);
    await openWorkflow(b, url, 1);
    await selectNode(a, agent);
    await selectNode(b, agent);

    await a.getByTestId('tools-section').locator('summary').first().click();
    const schema = a.getByTestId(`tool-schema-${serverId}-add`);
    await schema.waitFor({ state: 'attached' });
    expect(JSON.parse((await schema.textContent()) ?? '{}')).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
    });
    await a.getByTestId(`tool-mcp:${serverId}:add`).check();
    await a.getByTestId('memory-write').check();
    await shot(a, 'tools-panel');

    await b.getByTestId('tools-section').locator('summary').first().click();
    await b.waitForFunction(
      (id) =>
        (document.querySelector(`[data-testid="tool-mcp:${id}:add"]`) as HTMLInputElement | null)?.checked ===
        true,
      serverId,
    );
    expect(await b.getByTestId(`tool-mcp:${serverId}:weather`).isChecked()).toBe(false);
    expect(await b.getByTestId('memory-write').isChecked()).toBe(true);
    expect(h.errorsOf(a)).toEqual([]);
    expect(h.errorsOf(b)).toEqual([]);
  });

  it('the memory page browses, searches, edits and deletes entries', async () => {
    for (const content of ['The Orion launch is in Lisbon.', 'Pancakes need buttermilk.']) {
      expect((await h.ada.request('/api/workspaces/default/memory', { body: { content } })).status).toBe(201);
    }
    const page = await h.newPage(h.ada);
    await page.goto(`${h.stack.url}/w/default/memory`);
    await page.getByTestId('memory-list').waitFor();
    expect(await page.getByTestId('memory-entry-content').allTextContents()).toEqual([
      'Pancakes need buttermilk.',
      'The Orion launch is in Lisbon.',
    ]);
    await page.getByTestId('memory-search').fill('orion');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="memory-entry-content"]').length === 1,
    );
    expect(await page.getByTestId('memory-entry-content').textContent()).toBe(
      'The Orion launch is in Lisbon.',
    );

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByTestId('memory-entry-editor').fill('The Orion launch moved to Porto.');
    await page.getByTestId('memory-entry-save').click();
    await page.getByText('The Orion launch moved to Porto.').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('memory-entry-delete').click();
    await page.getByText('No entry matches.').waitFor();
    await shot(page, 'tools-memory-page');
    const left = (await (await h.ada.request('/api/workspaces/default/memory')).json()) as {
      entries: { content: string }[];
    };
    expect(left.entries.map((e) => e.content)).toEqual(['Pancakes need buttermilk.']);
    expect(h.errorsOf(page)).toEqual([]);
  });

  it('the tools page adds an MCP server, refuses a private URL, and creates and revokes an API token', async () => {
    const page = await h.newPage(h.ada);
    await page.goto(`${h.stack.url}/w/default/tools`);
    await page.getByTestId('mcp-servers-panel').waitFor();
    await page.getByTestId('mcp-form-name').fill('Internal');
    await page.getByTestId('mcp-form-url').fill('http://10.0.0.7/mcp');
    await page.getByTestId('mcp-add').click();
    await page.getByText('MCP URL refused').waitFor();

    await page.getByTestId('mcp-form-name').fill('Weather');
    await page.getByTestId('mcp-form-url').fill(mcp.url);
    await page.getByTestId('mcp-form-headerValue').fill('Bearer secret-header-123');
    await page.getByTestId('mcp-add').click();
    await page.getByText('authorization header stored encrypted').waitFor();
    expect(await page.content()).not.toContain('secret-header-123');

    await page.getByLabel('Token name').fill('CI');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = ((await page.getByTestId('api-token-created').locator('code').textContent()) ?? '').trim();
    expect(token).toMatch(/^syn_/);
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('revoked').waitFor();
    const refused = await fetch(`${h.stack.url}/mcp/workspaces/default`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    await shot(page, 'tools-page');
    expect(h.errorsOf(page)).toEqual([]);
  });

  it('the tools page publishes a workflow as a tool and stops publishing it', async () => {
    // A workflow in the workspace index, as "Use template" makes one.
    const used = await h.ada.request('/api/workspaces/default/templates/research-write-critique-edit/use', {
      body: { name: 'Weekly Report!' },
    });
    expect(used.status).toBe(201);
    const { workflowId } = (await used.json()) as { workflowId: string };
    const page = await h.newPage(h.ada);
    await page.goto(`${h.stack.url}/w/default/tools`);
    await page.getByTestId('published-tools-panel').waitFor();
    await page.getByText('No workflow is published yet.').waitFor();
    // The workflow comes from the workspace index; choosing it suggests a tool name from its name.
    await page.getByTestId('publish-workflow').locator(`option[value="${workflowId}"]`).waitFor({
      state: 'attached',
    });
    await page.getByTestId('publish-workflow').selectOption(workflowId);
    expect(await page.getByLabel('Tool name').inputValue()).toBe('weekly_report');
    await page.getByLabel('Tool description').fill('Writes the weekly report');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByTestId('published-tool-weekly_report').waitFor();
    expect(await page.getByTestId('published-tool-weekly_report').textContent()).toContain('Weekly Report!');
    const listed = (await (await h.ada.request('/api/workspaces/default/mcp-tools')).json()) as {
      tools: { workflowId: string; toolName: string; description: string }[];
    };
    expect(listed.tools).toMatchObject([
      { workflowId, toolName: 'weekly_report', description: 'Writes the weekly report' },
    ]);
    // A published workflow is no longer offered for publishing.
    expect(await page.getByTestId('publish-workflow').locator(`option[value="${workflowId}"]`).count()).toBe(
      0,
    );
    await shot(page, 'tools-published');

    await page.getByRole('button', { name: 'Stop publishing weekly_report' }).click();
    await page.getByText('No workflow is published yet.').waitFor();
    const after = (await (await h.ada.request('/api/workspaces/default/mcp-tools')).json()) as {
      tools: unknown[];
    };
    expect(after.tools).toEqual([]);
    expect(h.errorsOf(page)).toEqual([]);
  });
});
