import type {
  CreateScheduleBody,
  CreateWebhookBody,
  Schedule,
  ScheduleFiringView,
  UpdateScheduleBody,
  Webhook,
  WebhookDeliveryView,
} from '@synapse/schema/api';
import { apiRequest } from '../api/apiRequest';
import { workspacePath } from '../api/workspacePath';

const workflowPath = (workspaceId: string, workflowId: string) =>
  `${workspacePath(workspaceId)}/workflows/${encodeURIComponent(workflowId)}`;
const OFFLINE = 'Triggers need a connection to the server.';

export const listWebhooks = (workspaceId: string, workflowId: string) =>
  apiRequest<{ webhooks: Webhook[] }>(`${workflowPath(workspaceId, workflowId)}/webhooks`, {
    offlineMessage: OFFLINE,
  });

export const createWebhook = (workspaceId: string, workflowId: string, body: CreateWebhookBody) =>
  apiRequest<{ webhook: Webhook; url: string; secret: string | null }>(
    `${workflowPath(workspaceId, workflowId)}/webhooks`,
    { method: 'POST', body, offlineMessage: OFFLINE },
  );

export const deleteWebhook = (workspaceId: string, workflowId: string, id: string) =>
  apiRequest<void>(`${workflowPath(workspaceId, workflowId)}/webhooks/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    offlineMessage: OFFLINE,
  });

export const listDeliveries = (workspaceId: string, workflowId: string, id: string) =>
  apiRequest<{ deliveries: WebhookDeliveryView[] }>(
    `${workflowPath(workspaceId, workflowId)}/webhooks/${encodeURIComponent(id)}/deliveries`,
    { offlineMessage: OFFLINE },
  );

export const listSchedules = (workspaceId: string, workflowId: string) =>
  apiRequest<{ schedules: Schedule[] }>(`${workflowPath(workspaceId, workflowId)}/schedules`, {
    offlineMessage: OFFLINE,
  });

export const previewSchedule = (workspaceId: string, workflowId: string, cron: string, timezone: string) =>
  apiRequest<{ nextRuns: number[] }>(`${workflowPath(workspaceId, workflowId)}/schedules/preview`, {
    query: { cron, timezone },
    offlineMessage: OFFLINE,
  });

export const createSchedule = (workspaceId: string, workflowId: string, body: CreateScheduleBody) =>
  apiRequest<{ schedule: Schedule }>(`${workflowPath(workspaceId, workflowId)}/schedules`, {
    method: 'POST',
    body,
    offlineMessage: OFFLINE,
  });

export const updateSchedule = (
  workspaceId: string,
  workflowId: string,
  id: string,
  body: UpdateScheduleBody,
) =>
  apiRequest<{ schedule: Schedule }>(
    `${workflowPath(workspaceId, workflowId)}/schedules/${encodeURIComponent(id)}`,
    {
      method: 'PATCH',
      body,
      offlineMessage: OFFLINE,
    },
  );

export const deleteSchedule = (workspaceId: string, workflowId: string, id: string) =>
  apiRequest<void>(`${workflowPath(workspaceId, workflowId)}/schedules/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    offlineMessage: OFFLINE,
  });

export const listFirings = (workspaceId: string, workflowId: string, id: string) =>
  apiRequest<{ firings: ScheduleFiringView[] }>(
    `${workflowPath(workspaceId, workflowId)}/schedules/${encodeURIComponent(id)}/firings`,
    { offlineMessage: OFFLINE },
  );
