import { USER_ORIGIN, workflowDocName, workflowMaps, writeWorkflowGraph } from '@synapse/schema';
import { RUNNABLE_CASES } from '@synapse/schema/runnableCases';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEV_USER } from '../auth/Principal';
import { useTeamApp } from '../http/test/useTestApp';

// Run intake (createRunService via POST …/runs) against the checkRunnable table that the runner, the
// CLI and export share: what it refuses is refused with 422, the failing stage's code and its details.
describe('run intake refuses what checkRunnable refuses', () => {
  const t = useTeamApp();
  const workflowOf = (i: number) => `runnable-${i}`;

  beforeAll(async () => {
    for (const [i, c] of RUNNABLE_CASES.entries()) {
      const connection = await t.sync.openDirectConnection(workflowDocName('default', workflowOf(i)), {
        principal: DEV_USER,
        sessionId: null,
      });
      if (!connection.document) throw new Error('no document');
      const doc = connection.document;
      writeWorkflowGraph(doc, c.graph, USER_ORIGIN);
      // A created node never takes a key another holds (a suffix is added); two nodes with one key only
      // come from a merge, so the table's duplicates are written the way a merge leaves them.
      for (const node of c.graph.nodes) {
        const data = workflowMaps(doc).nodes.get(node.id)?.get('data');
        if (data instanceof Y.Map && node.data.key !== undefined && data.get('key') !== node.data.key)
          data.set('key', node.data.key);
      }
      await connection.disconnect();
    }
  });

  for (const [i, c] of RUNNABLE_CASES.entries()) {
    it(c.name, async () => {
      const response = await t.editor.request(`/api/workspaces/default/workflows/${workflowOf(i)}/runs`, {
        body: { inputs: c.inputs },
      });
      if (c.expected === null) {
        expect(response.status).toBe(202);
        return;
      }
      expect(response.status).toBe(422);
      const { error } = (await response.json()) as {
        error: { code: string; message: string; details?: Record<string, unknown> };
      };
      expect(error.code).toBe(c.expected.code);
      expect(error.message).toMatch(c.expected.message);
      expect(error.details).toBeDefined();
    });
  }
});
