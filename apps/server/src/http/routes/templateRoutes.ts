import { createRoute, z } from '@hono/zod-openapi';
import { workflowDocName } from '@synapse/schema';
import type { AuditRecorder } from '../../audit/createAuditRecorder';
import type { HistoryDeps } from '../../history/HistoryDeps';
import type { App } from '../createApp';
import { errorResponses, Id } from '../schemas';

const TemplateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    graph: z.object({
      name: z.string(),
      nodes: z.array(z.record(z.string(), z.unknown())),
      edges: z.array(z.record(z.string(), z.unknown())),
    }),
  })
  .openapi('WorkflowTemplate');

const listTemplates = createRoute({
  method: 'get',
  path: '/api/templates',
  summary: 'The template gallery: ready-made workflows that run on the built-in local model',
  responses: {
    200: {
      description: 'Templates',
      content: { 'application/json': { schema: z.object({ templates: z.array(TemplateSchema) }) } },
    },
    ...errorResponses,
  },
});

const useTemplate = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/templates/{templateId}/use',
  summary: 'Create a workflow in the workspace from a template',
  request: {
    params: z.object({ workspaceId: Id, templateId: Id }),
    body: {
      required: false,
      content: {
        'application/json': { schema: z.object({ name: z.string().max(200).optional() }).strict() },
      },
    },
  },
  responses: {
    201: {
      description: 'Created; the workflow is in the workspace index',
      content: {
        'application/json': {
          schema: z.object({ workflowId: z.string(), name: z.string(), documentName: z.string() }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerTemplateRoutes(app: App, deps: { history: HistoryDeps; audit: AuditRecorder }): void {
  app.openapi(listTemplates, (c) => c.json({ templates: [...deps.history.templates.list()] }, 200));

  app.openapi(useTemplate, async (c) => {
    const { workspaceId, templateId } = c.req.valid('param');
    const body = c.req.header('content-type')?.includes('application/json') ? c.req.valid('json') : {};
    const principal = c.get('principal');
    const created = await deps.history.templates.use({ principal, workspaceId, templateId, name: body.name });
    await deps.audit.record({
      workspaceId,
      actor: principal,
      kind: 'workflow.created',
      target: created.workflowId,
      details: { name: created.name, template: templateId },
    });
    return c.json({ ...created, documentName: workflowDocName(workspaceId, created.workflowId) }, 201);
  });
}
