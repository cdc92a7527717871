export interface McpServerView {
  id: string;
  name: string;
  transport: 'http' | 'stdio';
  url: string | null;
  stdioEntry: string | null;
  headerName: string | null;
  hasHeader: boolean;
}

export interface ApiTokenView {
  id: string;
  name: string;
  hint: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const ws = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

async function send<T>(url: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const error = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(error?.error?.message ?? `HTTP ${res.status}`);
  }
  return (res.status === 204 ? null : await res.json()) as T;
}

export const listServers = (workspaceId: string) =>
  send<{ servers: McpServerView[]; stdioChoices: { id: string; label: string }[] }>(
    `${ws(workspaceId)}/mcp-servers`,
  );

export const addServer = (
  workspaceId: string,
  input:
    | { transport: 'http'; name: string; url: string; headerName?: string; headerValue?: string }
    | { transport: 'stdio'; entry: string },
) => send<{ server: McpServerView }>(`${ws(workspaceId)}/mcp-servers`, 'POST', input);

export const removeServer = (workspaceId: string, id: string) =>
  send<null>(`${ws(workspaceId)}/mcp-servers/${encodeURIComponent(id)}`, 'DELETE');

export const listTokens = (workspaceId: string) =>
  send<{ tokens: ApiTokenView[] }>(`${ws(workspaceId)}/api-tokens`);

export const createToken = (workspaceId: string, name: string) =>
  send<{ token: string; info: ApiTokenView }>(`${ws(workspaceId)}/api-tokens`, 'POST', { name });

export const revokeToken = (workspaceId: string, id: string) =>
  send<null>(`${ws(workspaceId)}/api-tokens/${encodeURIComponent(id)}`, 'DELETE');

export interface PublishedToolView {
  workflowId: string;
  toolName: string;
  description: string;
  publishedAt: number;
}

export const listPublished = (workspaceId: string) =>
  send<{ tools: PublishedToolView[] }>(`${ws(workspaceId)}/mcp-tools`);

export const publishWorkflow = (
  workspaceId: string,
  workflowId: string,
  input: { toolName: string; description?: string },
) =>
  send<{ tool: PublishedToolView }>(
    `${ws(workspaceId)}/workflows/${encodeURIComponent(workflowId)}/mcp-tool`,
    'PUT',
    input,
  );

export const unpublishWorkflow = (workspaceId: string, workflowId: string) =>
  send<null>(`${ws(workspaceId)}/workflows/${encodeURIComponent(workflowId)}/mcp-tool`, 'DELETE');

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
