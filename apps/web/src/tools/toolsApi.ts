import type {
  AddServerBody,
  ApiToken,
  CreatedToken,
  CreateTokenBody,
  McpServer,
  McpServerList,
  PublishBody,
  PublishedWorkflow,
} from '@synapse/schema/api';
import { apiRequest } from '../api/apiRequest';
import { workspacePath } from '../api/workspacePath';

export const listServers = (workspaceId: string) =>
  apiRequest<McpServerList>(`${workspacePath(workspaceId)}/mcp-servers`);

export const addServer = (workspaceId: string, body: AddServerBody) =>
  apiRequest<{ server: McpServer }>(`${workspacePath(workspaceId)}/mcp-servers`, { method: 'POST', body });

export const removeServer = (workspaceId: string, id: string) =>
  apiRequest<void>(`${workspacePath(workspaceId)}/mcp-servers/${encodeURIComponent(id)}`, {
    method: 'DELETE',
  });

export const listTokens = (workspaceId: string) =>
  apiRequest<{ tokens: ApiToken[] }>(`${workspacePath(workspaceId)}/api-tokens`);

export const createToken = (workspaceId: string, body: CreateTokenBody) =>
  apiRequest<CreatedToken>(`${workspacePath(workspaceId)}/api-tokens`, { method: 'POST', body });

export const revokeToken = (workspaceId: string, id: string) =>
  apiRequest<void>(`${workspacePath(workspaceId)}/api-tokens/${encodeURIComponent(id)}`, {
    method: 'DELETE',
  });

export const listPublished = (workspaceId: string) =>
  apiRequest<{ tools: PublishedWorkflow[] }>(`${workspacePath(workspaceId)}/mcp-tools`);

export const publishWorkflow = (workspaceId: string, workflowId: string, body: PublishBody) =>
  apiRequest<{ tool: PublishedWorkflow }>(
    `${workspacePath(workspaceId)}/workflows/${encodeURIComponent(workflowId)}/mcp-tool`,
    { method: 'PUT', body },
  );

export const unpublishWorkflow = (workspaceId: string, workflowId: string) =>
  apiRequest<void>(`${workspacePath(workspaceId)}/workflows/${encodeURIComponent(workflowId)}/mcp-tool`, {
    method: 'DELETE',
  });

/** A tool name the endpoint accepts (letters, digits, _ and -), suggested from a workflow's name. */
export function suggestToolName(workflowName: string): string {
  const slug = workflowName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
    .slice(0, 64);
  return slug || 'workflow';
}
