/** A memory-bank entry as the API returns it. */
export interface MemoryEntryView {
  id: string;
  content: string;
  runId: string | null;
  nodeId: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/memory`;

async function send(url: string, method: string, body?: unknown): Promise<Response> {
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
  return res;
}

export async function listMemory(workspaceId: string, query: string): Promise<MemoryEntryView[]> {
  const url = `${base(workspaceId)}${query.trim() ? `?${new URLSearchParams({ q: query.trim() })}` : ''}`;
  return ((await (await send(url, 'GET')).json()) as { entries: MemoryEntryView[] }).entries;
}

export async function addMemory(workspaceId: string, content: string): Promise<void> {
  await send(base(workspaceId), 'POST', { content });
}

export async function updateMemory(workspaceId: string, id: string, content: string): Promise<void> {
  await send(`${base(workspaceId)}/${encodeURIComponent(id)}`, 'PATCH', { content });
}

export async function deleteMemory(workspaceId: string, id: string): Promise<void> {
  await send(`${base(workspaceId)}/${encodeURIComponent(id)}`, 'DELETE');
}
