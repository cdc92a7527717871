import { ErrorCodes, workflowDocName } from '@synapse/schema';
import { WORKFLOW_TEMPLATES } from '@synapse/templates';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../test/createTestApp';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

const template = WORKFLOW_TEMPLATES[0] as { id: string; name: string };

describe('template routes', () => {
  const t = useTeamApp();

  const use = (client: TestClient, id = template.id, body: object = {}) =>
    client.request(`/api/workspaces/default/templates/${id}/use`, { body });

  it('lists the catalog to any signed-in user, not to the signed out', async () => {
    const response = await t.viewer.request('/api/templates');
    expect(response.status).toBe(200);
    const { templates } = (await response.json()) as { templates: { id: string }[] };
    expect(templates.map((x) => x.id)).toEqual(WORKFLOW_TEMPLATES.map((x) => x.id));
    const anonymous = await t.request('/api/templates');
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe(ErrorCodes.unauthorized);
  });

  it('creates a workflow from a template for an editor, named as asked, and audits it', async () => {
    const response = await use(t.editor, template.id, { name: 'My copy' });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { workflowId: string; name: string; documentName: string };
    expect(created.name).toBe('My copy');
    expect(created.documentName).toBe(workflowDocName('default', created.workflowId));
    const audit = await t.owner.request('/api/workspaces/default/audit?kind=workflow.created');
    const { events } = (await audit.json()) as { events: { target: string; actorId: string }[] };
    expect(events).toContainEqual(
      expect.objectContaining({ target: created.workflowId, actorId: t.editor.id }),
    );
  });

  it('takes the template’s name without a body', async () => {
    const response = await t.editor.request(`/api/workspaces/default/templates/${template.id}/use`, {
      method: 'POST',
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { name: string }).name).toBe(template.name);
  });

  it('refuses viewers (403) and the signed out (401)', async () => {
    const refused = await use(t.viewer);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    expect(
      (await t.request(`/api/workspaces/default/templates/${template.id}/use`, { body: {} })).status,
    ).toBe(401);
  });

  it('answers 400 to a bad body and 404 to an unknown template', async () => {
    const invalid = await use(t.editor, template.id, { name: 'x'.repeat(201) });
    expect(invalid.status).toBe(400);
    expect(await errorCode(invalid)).toBe(ErrorCodes.invalidRequest);
    const unknown = await use(t.editor, 'no-such-template');
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe(ErrorCodes.notFound);
  });
});
