import { USER_ORIGIN, workflowDocName, writeWorkflowGraph } from '@synapse/schema';
import { RUNNABLE_CASES } from '@synapse/schema/runnableCases';
import { beforeAll, describe, expect, it } from 'vitest';
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
      writeWorkflowGraph(connection.document, c.graph, USER_ORIGIN);
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
