import type { MemoryEntry } from '@synapse/schema/api';
import { apiRequest } from '../api/apiRequest';
import { workspacePath } from '../api/workspacePath';

const base = (workspaceId: string) => `${workspacePath(workspaceId)}/memory`;

export async function listMemory(workspaceId: string, query: string): Promise<MemoryEntry[]> {
  const q = query.trim() || undefined;
  return (await apiRequest<{ entries: MemoryEntry[] }>(base(workspaceId), { query: { q } })).entries;
}

export async function addMemory(workspaceId: string, content: string): Promise<void> {
  await apiRequest(base(workspaceId), { method: 'POST', body: { content } });
}

export async function updateMemory(workspaceId: string, id: string, content: string): Promise<void> {
  await apiRequest(`${base(workspaceId)}/${encodeURIComponent(id)}`, { method: 'PATCH', body: { content } });
}

export async function deleteMemory(workspaceId: string, id: string): Promise<void> {
  await apiRequest(`${base(workspaceId)}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
