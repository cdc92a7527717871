import {
  createWorkflowEntry,
  ErrorCodes,
  indexDocName,
  USER_ORIGIN,
  updateWorkflowEntry,
} from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { DEV_USER } from '../../auth/Principal';
import { errorCode } from '../test/requestAs';
import { seedPublishedWorkflow } from '../test/seedPublishedWorkflow';
import { useTeamApp } from '../test/useTestApp';

interface Version {
  id: string;
  reason: string;
  name: string | null;
  nodeCount: number;
  published: boolean;
}

describe('version routes', () => {
  const t = useTeamApp({ workflow: true });

  const versions = () => `/api/workspaces/default/workflows/${t.workflowId}/versions`;

  it('saves a named version that viewers can list and read with its graph', async () => {
    const saved = await t.editor.request(versions(), { body: { name: '  First draft ' } });
    expect(saved.status).toBe(201);
    const { version } = (await saved.json()) as { version: Version };
    expect(version).toMatchObject({ reason: 'manual', name: 'First draft' });
    expect(version.nodeCount).toBeGreaterThan(0);
    const list = await t.viewer.request(versions());
    expect(list.status).toBe(200);
    expect(((await list.json()) as { versions: Version[] }).versions.map((v) => v.id)).toContain(version.id);
    const one = await t.viewer.request(`${versions()}/${version.id}`);
    expect(one.status).toBe(200);
    const detail = (await one.json()) as { version: { graph: { nodes: unknown[] } } };
    expect(detail.version.graph.nodes).toHaveLength(version.nodeCount);
  });

  it('refuses saving to viewers (403) and the signed out (401)', async () => {
    const refused = await t.viewer.request(versions(), { body: { name: 'Mine' } });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    expect((await t.request(versions(), { body: { name: 'Mine' } })).status).toBe(401);
    expect((await t.request(versions())).status).toBe(401);
  });

  it.each([{ name: '   ' }, {}, { name: 'x'.repeat(121) }])('answers 400 to %j', async (body) => {
    const response = await t.editor.request(versions(), { body });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('answers 404 to an unknown workflow or version', async () => {
    const workflow = await t.editor.request('/api/workspaces/default/workflows/nope/versions', {
      body: { name: 'X' },
    });
    expect(workflow.status).toBe(404);
    expect(await errorCode(workflow)).toBe(ErrorCodes.notFound);
    const version = await t.viewer.request(`${versions()}/nope`);
    expect(version.status).toBe(404);
    expect(await errorCode(version)).toBe(ErrorCodes.notFound);
  });

  it('publishes a version for an editor, once: the list marks it, the audit log has one entry', async () => {
    const save = async (name: string) =>
      ((await (await t.editor.request(versions(), { body: { name } })).json()) as { version: Version })
        .version;
    const first = await save('Release 1');
    const second = await save('Release 2');
    const publish = (id: string, client = t.editor) =>
      client.request(`${versions()}/${id}/publish`, { method: 'POST' });

    const published = await publish(first.id);
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({
      changed: true,
      version: { id: first.id, published: true },
    });
    const again = await publish(first.id);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ changed: false, version: { id: first.id, published: true } });
    const audit = async () => {
      const response = await t.owner.request('/api/workspaces/default/audit?kind=version.published');
      return ((await response.json()) as { events: { target: string; details: { name?: string } }[] }).events;
    };
    expect((await audit()).filter((e) => e.target === first.id)).toHaveLength(1);
    expect((await audit()).find((e) => e.target === first.id)?.details.name).toBe('Release 1');

    expect((await publish(second.id)).status).toBe(200);
    const list = (await (await t.viewer.request(versions())).json()) as { versions: Version[] };
    expect(list.versions.filter((v) => v.published).map((v) => v.id)).toEqual([second.id]);
  });

  it('refuses publishing to viewers (403), the signed out (401), and unknown versions (404)', async () => {
    const saved = await t.editor.request(versions(), { body: { name: 'Candidate' } });
    const { version } = (await saved.json()) as { version: Version };
    const path = `${versions()}/${version.id}/publish`;
    const refused = await t.viewer.request(path, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    expect((await t.request(path, { method: 'POST' })).status).toBe(401);
    const missing = await t.editor.request(`${versions()}/nope/publish`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe(ErrorCodes.notFound);
    const list = (await (await t.viewer.request(versions())).json()) as { versions: Version[] };
    expect(list.versions.find((v) => v.id === version.id)?.published).toBe(false);
  });

  it('bundles the graphs Sub-workflow nodes call (published and pinned) for viewers; 422 for a cycle or a missing one', async () => {
    const published = await seedPublishedWorkflow(t.sync, t.owner, 'wf-child');
    // Listed in the workspace, as a workflow made in the editor is; archived, it is not called.
    const listed = async (archived: boolean) => {
      const index = await t.sync.openDirectConnection(indexDocName('default'), {
        principal: DEV_USER,
        sessionId: null,
      });
      const doc = index.document;
      if (!doc) throw new Error('no index document');
      if (!updateWorkflowEntry(doc, 'wf-child', { archived }, USER_ORIGIN))
        createWorkflowEntry(doc, 'wf-child', { name: 'Child', createdAt: Date.now(), archived }, USER_ORIGIN);
      await index.disconnect();
    };
    await listed(false);
    const childVersions = '/api/workspaces/default/workflows/wf-child/versions';
    const pinned = (
      (await (await t.editor.request(childVersions, { body: { name: 'Pinned' } })).json()) as {
        version: Version;
      }
    ).version.id;
    const call = (id: string, workflowId: string, versionId = '') => ({
      id,
      type: 'subworkflow',
      position: { x: 0, y: 0 },
      data: { label: `Call ${id}`, workflowId, versionId, inputs: [] },
    });
    const bundle = (graph: object, workflowId = t.workflowId, client = t.viewer) =>
      client.request(`/api/workspaces/default/workflows/${workflowId}/subworkflow-bundle`, {
        body: { graph },
      });

    const ok = await bundle({
      name: 'Parent',
      nodes: [call('a', 'wf-child'), call('b', 'wf-child', pinned)],
      edges: [],
    });
    expect(ok.status).toBe(200);
    const { subworkflows } = (await ok.json()) as {
      subworkflows: Record<string, { versionId: string; workflow: { name: string; nodes: unknown[] } }>;
    };
    expect(Object.keys(subworkflows).sort()).toEqual(['wf-child@', `wf-child@${pinned}`]);
    // The published version is recorded under the `@` key; each graph is the saved one.
    expect(subworkflows['wf-child@']).toMatchObject({ versionId: published, workflow: { name: 'wf-child' } });
    expect(subworkflows[`wf-child@${pinned}`]?.versionId).toBe(pinned);
    expect(subworkflows['wf-child@']?.workflow.nodes).toHaveLength(2);

    const missing = await bundle({ name: 'Parent', nodes: [call('a', 'nope')], edges: [] });
    expect(missing.status).toBe(422);
    expect(await errorCode(missing)).toBe(ErrorCodes.subworkflowNotFound);
    // A workflow that calls itself: refused with the chain.
    const cycle = await bundle({ name: 'Child', nodes: [call('a', 'wf-child')], edges: [] }, 'wf-child');
    expect(cycle.status).toBe(422);
    const body = (await cycle.json()) as {
      error: { code: string; message: string; details: { chain: string[] } };
    };
    expect(body.error.code).toBe(ErrorCodes.subworkflowCycle);
    expect(body.error.details.chain).toEqual(['Child', 'Child']);
    // Archived: Synapse would refuse to run the call, so the file does not carry it either.
    await listed(true);
    const archived = await bundle({ name: 'Parent', nodes: [call('a', 'wf-child')], edges: [] });
    expect(archived.status).toBe(422);
    expect(await errorCode(archived)).toBe(ErrorCodes.subworkflowNotFound);
    const signedOut = await t.request(
      `/api/workspaces/default/workflows/${t.workflowId}/subworkflow-bundle`,
      {
        body: { graph: { name: 'x', nodes: [], edges: [] } },
      },
    );
    expect(signedOut.status).toBe(401);
  });
});
