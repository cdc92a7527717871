import type { CreateSecretBody, Secret, UpdateSecretBody } from '@synapse/schema/api';
import { apiRequest } from '../api/apiRequest';
import { workspacePath } from '../api/workspacePath';

const secretPath = (workspaceId: string, name: string) =>
  `${workspacePath(workspaceId)}/secrets/${encodeURIComponent(name)}`;

/** The workspace secrets vault as the web app uses it: values go in, only names and hints come back. */
export const secretsApi = {
  list: (workspaceId: string) => apiRequest<{ secrets: Secret[] }>(`${workspacePath(workspaceId)}/secrets`),
  create: (workspaceId: string, body: CreateSecretBody) =>
    apiRequest<{ secret: Secret }>(`${workspacePath(workspaceId)}/secrets`, { method: 'POST', body }),
  /** A new value, new hosts (ADR 0028), or both. */
  update: (workspaceId: string, name: string, body: UpdateSecretBody) =>
    apiRequest<{ secret: Secret }>(secretPath(workspaceId, name), { method: 'PUT', body }),
  remove: (workspaceId: string, name: string) =>
    apiRequest<void>(secretPath(workspaceId, name), { method: 'DELETE' }),
};
