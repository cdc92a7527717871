import { randomBytes } from 'node:crypto';
import type { InputVariable } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { createPublishedWorkflowsRepo, type PublishedWorkflow } from './publishedWorkflowsRepo';
import type { Database } from './Sql';
import { useMigratedDatabase } from './useMigratedDatabase';
import { createWorkspacesRepo } from './workspacesRepo';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

const topic: InputVariable = { name: 'topic', type: 'string', default: '' };
const count: InputVariable = { name: 'count', type: 'number', default: '3', description: 'How many' };

/** Workflows published as MCP tools, with the inputs the tool list needs, against a driver. */
export function definePublishedWorkflowsSuite(name: string, open: () => Promise<Database>): void {
  describe(`published workflows repository: ${name}`, () => {
    const db = useMigratedDatabase(open);

    async function workspace() {
      const id = unique('ws');
      await createWorkspacesRepo(db()).ensure({ id, name: id });
      return id;
    }

    const entry = (workspaceId: string, patch: Partial<PublishedWorkflow> = {}): PublishedWorkflow => ({
      workspaceId,
      workflowId: 'wf-a',
      toolName: 'write_brief',
      description: 'Writes a brief.',
      publishedBy: 'ada',
      publishedAt: 1000,
      inputs: [topic],
      ...patch,
    });

    it('publishes with inputs, lists by tool name, republishes under a new name and unpublishes', async () => {
      const repo = createPublishedWorkflowsRepo(db());
      const ws = await workspace();
      expect(await repo.publish(entry(ws))).toEqual(entry(ws));
      await repo.publish(entry(ws, { workflowId: 'wf-b', toolName: 'alpha', inputs: [count, topic] }));
      await repo.publish(entry(await workspace(), { toolName: 'elsewhere' }));
      expect((await repo.list(ws)).map((p) => [p.toolName, p.inputs])).toEqual([
        ['alpha', [count, topic]],
        ['write_brief', [topic]],
      ]);

      const renamed = entry(ws, { toolName: 'zeta', description: 'Renamed.', publishedAt: 2000, inputs: [] });
      expect(await repo.publish(renamed)).toEqual(renamed);
      expect((await repo.list(ws)).map((p) => p.toolName)).toEqual(['alpha', 'zeta']);
      await expect(repo.publish(entry(ws, { workflowId: 'wf-c', toolName: 'alpha' }))).rejects.toThrow();

      expect(await repo.unpublish(ws, 'wf-b')).toBe(true);
      expect(await repo.unpublish(ws, 'wf-b')).toBe(false);
      expect(await repo.list(ws)).toEqual([renamed]);
    });

    it('records a published workflow’s inputs only when they changed, and keeps unknown inputs null', async () => {
      const repo = createPublishedWorkflowsRepo(db());
      const ws = await workspace();
      await repo.publish(entry(ws, { inputs: null }));
      expect((await repo.list(ws))[0]?.inputs).toBeNull();
      expect(await repo.setInputs(ws, 'wf-a', [])).toBe(true);
      expect((await repo.list(ws))[0]?.inputs).toEqual([]);
      expect(await repo.setInputs(ws, 'wf-a', [topic, count])).toBe(true);
      expect(await repo.setInputs(ws, 'wf-a', [topic, count])).toBe(false);
      expect((await repo.list(ws))[0]?.inputs).toEqual([topic, count]);
      // Not published: nothing to record.
      expect(await repo.setInputs(ws, 'wf-other', [topic])).toBe(false);
      expect(await repo.list(ws)).toHaveLength(1);
    });
  });
}
