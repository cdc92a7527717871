import { ErrorCodes } from '@synapse/schema';
import { ApiError } from '../api/ApiError';

export type Role = 'owner' | 'editor' | 'viewer';

export interface WorkspaceRef {
  id: string;
  name: string;
  role: Role;
}

export interface SessionInfo {
  user: { id: string; name: string; email: string | null };
  workspaces: WorkspaceRef[];
}

export interface Member {
  userId: string;
  name: string;
  email: string | null;
  role: Role;
  joinedAt: number;
}

export interface Invite {
  id: string;
  role: Role;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
}

export interface ProviderKey {
  id: string;
  provider: string;
  label: string;
  baseUrl: string;
  hint: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AuditEvent {
  id: number;
  workspaceId: string | null;
  actorId: string;
  actorName: string;
  kind: string;
  target: string | null;
  details: Record<string, unknown>;
  createdAt: number;
}

/** Dispatched whenever the server says the session is gone, so the app can ask to sign in again. */
export const UNAUTHENTICATED_EVENT = 'synapse:unauthenticated';

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, ErrorCodes.network, 'Could not reach the server. Check your connection.');
  }
  if (res.status === 401 && !path.startsWith('/api/auth/'))
    window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
  if (!res.ok) throw await ApiError.fromResponse(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

const ws = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`;

/** The account, workspace, key and audit API as the web app uses it. */
export const accountApi = {
  setup: () => request<{ needsSetup: boolean; signupOpen: boolean }>('GET', '/api/auth/setup'),
  signUp: (input: { name: string; email: string; password: string; inviteToken?: string }) =>
    request<SessionInfo>('POST', '/api/auth/signup', input),
  signIn: (input: { email: string; password: string }) =>
    request<SessionInfo>('POST', '/api/auth/login', input),
  signOut: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<SessionInfo>('GET', '/api/me'),

  createWorkspace: (name: string) =>
    request<{ workspace: WorkspaceRef }>('POST', '/api/workspaces', { name }),
  members: (workspaceId: string) => request<{ members: Member[] }>('GET', `${ws(workspaceId)}/members`),
  changeRole: (workspaceId: string, userId: string, role: Role) =>
    request<{ member: Member }>('PATCH', `${ws(workspaceId)}/members/${encodeURIComponent(userId)}`, {
      role,
    }),
  removeMember: (workspaceId: string, userId: string) =>
    request<void>('DELETE', `${ws(workspaceId)}/members/${encodeURIComponent(userId)}`),

  invites: (workspaceId: string) => request<{ invites: Invite[] }>('GET', `${ws(workspaceId)}/invites`),
  createInvite: (workspaceId: string, role: Role) =>
    request<{ invite: Invite; token: string; path: string }>('POST', `${ws(workspaceId)}/invites`, { role }),
  revokeInvite: (workspaceId: string, inviteId: string) =>
    request<void>('DELETE', `${ws(workspaceId)}/invites/${encodeURIComponent(inviteId)}`),
  inviteInfo: (token: string) =>
    request<{ workspaceName: string; role: Role; expiresAt: number }>(
      'GET',
      `/api/invites/${encodeURIComponent(token)}`,
    ),
  acceptInvite: (token: string) =>
    request<{ workspace: WorkspaceRef }>('POST', `/api/invites/${encodeURIComponent(token)}/accept`),

  keys: (workspaceId: string) => request<{ keys: ProviderKey[] }>('GET', `${ws(workspaceId)}/keys`),
  addKey: (
    workspaceId: string,
    input: { provider: string; apiKey: string; baseUrl?: string; label?: string },
  ) => request<{ key: ProviderKey }>('POST', `${ws(workspaceId)}/keys`, input),
  deleteKey: (workspaceId: string, keyId: string) =>
    request<void>('DELETE', `${ws(workspaceId)}/keys/${encodeURIComponent(keyId)}`),
  testKey: (workspaceId: string, keyId: string) =>
    request<{ ok: boolean; status: number | null; message: string }>(
      'POST',
      `${ws(workspaceId)}/keys/${encodeURIComponent(keyId)}/test`,
    ),

  audit: (
    workspaceId: string,
    filters: { actor?: string; kind?: string; since?: number; until?: number; before?: number },
  ) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filters))
      if (value !== undefined && value !== '') query.set(key, String(value));
    return request<{ events: AuditEvent[]; nextBefore: number | null }>(
      'GET',
      `${ws(workspaceId)}/audit?${query}`,
    );
  },
};
