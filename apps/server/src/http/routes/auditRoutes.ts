import { createRoute, z } from '@hono/zod-openapi';
import { ErrorCodes } from '@synapse/schema';
import { AUDIT_EXPORT_FORMATS, AuditPageSchema, AuditRetentionSchema } from '@synapse/schema/api';
import { AUDIT_EXPORT_TYPES, streamAuditExport } from '../../audit/streamAuditExport';
import type { App, AppDeps } from '../createApp';
import { HttpError } from '../HttpError';
import { errorResponses, Id } from '../schemas';

const workspaceParams = z.object({ workspaceId: Id });

/** The audit page's filters; the export takes the same ones. */
const filters = {
  actor: Id.optional(),
  kind: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]*)?$/, 'a kind (key.created) or a prefix (key.)')
    .optional(),
  since: z.coerce.number().int().nonnegative().optional(),
  until: z.coerce.number().int().nonnegative().optional(),
};

const listAudit = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/audit',
  summary: "The workspace's audit log, newest first (owners only); filter by actor, kind and time",
  request: {
    params: workspaceParams,
    query: z.object({
      ...filters,
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: {
      description: 'Events, and the cursor for the page before them',
      content: {
        'application/json': { schema: AuditPageSchema },
      },
    },
    ...errorResponses,
  },
});

const exportAudit = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/audit/export',
  summary:
    'Download the audit log as JSON lines or CSV (owners only), newest first, with the audit page filters',
  request: {
    params: workspaceParams,
    query: z.object({ ...filters, format: z.enum(AUDIT_EXPORT_FORMATS).default('jsonl') }),
  },
  responses: {
    200: {
      description: 'A file: one event per line (JSON lines), or CSV with a header row',
      content: {
        'application/x-ndjson': { schema: z.string() },
        'text/csv': { schema: z.string() },
      },
    },
    ...errorResponses,
  },
});

const getRetention = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/audit/retention',
  summary: 'How many days the workspace keeps audit events (null: forever, the default)',
  request: { params: workspaceParams },
  responses: {
    200: { description: 'Retention', content: { 'application/json': { schema: AuditRetentionSchema } } },
    ...errorResponses,
  },
});

const setRetention = createRoute({
  method: 'put',
  path: '/api/workspaces/{workspaceId}/audit/retention',
  summary: 'Set how many days audit events are kept (owners only; 30 to 3650, or null for forever)',
  request: {
    params: workspaceParams,
    body: { required: true, content: { 'application/json': { schema: AuditRetentionSchema } } },
  },
  responses: {
    200: { description: 'Saved', content: { 'application/json': { schema: AuditRetentionSchema } } },
    ...errorResponses,
  },
});

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '');

export function registerAuditRoutes(app: App, deps: Pick<AppDeps, 'security' | 'audit' | 'logger'>): void {
  const { auditLog, auditRetention } = deps.security;

  app.openapi(listAudit, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const q = c.req.valid('query');
    const events = await auditLog.query({
      workspaceId,
      actorId: q.actor,
      kind: q.kind,
      since: q.since,
      until: q.until,
      before: q.before,
      limit: q.limit,
    });
    const last = events.at(-1);
    return c.json({ events, nextBefore: events.length === q.limit && last ? last.id : null }, 200);
  });

  app.openapi(exportAudit, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const { format, ...q } = c.req.valid('query');
    // Recorded before the first page is read: an export that fails part way was still an export.
    await deps.audit.record({
      workspaceId,
      actor: c.get('principal'),
      kind: 'audit.exported',
      details: { format, filters: q },
    });
    const pages = auditLog.scan({
      workspaceId,
      actorId: q.actor,
      kind: q.kind,
      since: q.since,
      until: q.until,
    });
    const type = AUDIT_EXPORT_TYPES[format];
    const body = streamAuditExport(pages, format, (error) =>
      deps.logger.error({ err: error, workspaceId }, 'audit export failed part way'),
    );
    return c.body(body, 200, {
      'content-type': type.contentType,
      'content-disposition': `attachment; filename="synapse-audit-${workspaceId}-${stamp(Date.now())}.${type.extension}"`,
      'cache-control': 'no-store',
    });
  });

  app.openapi(getRetention, async (c) => {
    const { workspaceId } = c.req.valid('param');
    return c.json({ retentionDays: await auditRetention.get(workspaceId) }, 200);
  });

  app.openapi(setRetention, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const { retentionDays } = c.req.valid('json');
    const saved = await auditRetention.set(workspaceId, retentionDays);
    if (!saved) throw new HttpError(404, ErrorCodes.notFound, 'no such workspace');
    if (saved.previous !== retentionDays) {
      await deps.audit.record({
        workspaceId,
        actor: c.get('principal'),
        kind: 'audit.retention_changed',
        details: { from: saved.previous, to: retentionDays },
      });
    }
    return c.json({ retentionDays }, 200);
  });
}
