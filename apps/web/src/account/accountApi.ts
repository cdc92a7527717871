import type {
  AddKeyBody,
  AuditExportFormat,
  AuditPage,
  AuditRetention,
  CreatedInvite,
  Invite,
  InviteInfo,
  KeyTestResult,
  Member,
  ProviderKey,
  Role,
  Session,
  SetupState,
  SignInBody,
  SignUpBody,
  SsoInfo,
  TwoFactorChallenge,
  UpdateKeyBody,
  WorkspaceMembership,
  WorkspaceSso,
} from '@synapse/schema/api';
import { apiRequest, withQuery } from '../api/apiRequest';
import { workspacePath } from '../api/workspacePath';

/** The account, workspace, key and audit API as the web app uses it. */
export const accountApi = {
  setup: () => apiRequest<SetupState>('/api/auth/setup'),
  signUp: (body: SignUpBody) => apiRequest<Session>('/api/auth/signup', { method: 'POST', body }),
  signIn: (body: SignInBody) =>
    apiRequest<Session | TwoFactorChallenge>('/api/auth/login', { method: 'POST', body }),
  signOut: () => apiRequest<void>('/api/auth/logout', { method: 'POST' }),
  me: () => apiRequest<Session>('/api/me'),
  ssoInfo: () => apiRequest<SsoInfo>('/api/auth/sso'),
  workspaceSso: (workspaceId: string) => apiRequest<WorkspaceSso>(`${workspacePath(workspaceId)}/sso`),
  setWorkspaceSso: (workspaceId: string, ssoOnly: boolean) =>
    apiRequest<WorkspaceSso>(`${workspacePath(workspaceId)}/sso`, { method: 'PUT', body: { ssoOnly } }),

  createWorkspace: (name: string) =>
    apiRequest<{ workspace: WorkspaceMembership }>('/api/workspaces', { method: 'POST', body: { name } }),
  members: (workspaceId: string) =>
    apiRequest<{ members: Member[] }>(`${workspacePath(workspaceId)}/members`),
  changeRole: (workspaceId: string, userId: string, role: Role) =>
    apiRequest<{ member: Member }>(`${workspacePath(workspaceId)}/members/${encodeURIComponent(userId)}`, {
      method: 'PATCH',
      body: { role },
    }),
  removeMember: (workspaceId: string, userId: string) =>
    apiRequest<void>(`${workspacePath(workspaceId)}/members/${encodeURIComponent(userId)}`, {
      method: 'DELETE',
    }),

  invites: (workspaceId: string) =>
    apiRequest<{ invites: Invite[] }>(`${workspacePath(workspaceId)}/invites`),
  createInvite: (workspaceId: string, role: Role) =>
    apiRequest<CreatedInvite>(`${workspacePath(workspaceId)}/invites`, { method: 'POST', body: { role } }),
  revokeInvite: (workspaceId: string, inviteId: string) =>
    apiRequest<void>(`${workspacePath(workspaceId)}/invites/${encodeURIComponent(inviteId)}`, {
      method: 'DELETE',
    }),
  inviteInfo: (token: string) => apiRequest<InviteInfo>(`/api/invites/${encodeURIComponent(token)}`),
  acceptInvite: (token: string) =>
    apiRequest<{ workspace: WorkspaceMembership }>(`/api/invites/${encodeURIComponent(token)}/accept`, {
      method: 'POST',
    }),

  keys: (workspaceId: string) => apiRequest<{ keys: ProviderKey[] }>(`${workspacePath(workspaceId)}/keys`),
  addKey: (workspaceId: string, body: AddKeyBody) =>
    apiRequest<{ key: ProviderKey }>(`${workspacePath(workspaceId)}/keys`, { method: 'POST', body }),
  setKeyWeight: (workspaceId: string, keyId: string, body: UpdateKeyBody) =>
    apiRequest<{ key: ProviderKey }>(`${workspacePath(workspaceId)}/keys/${encodeURIComponent(keyId)}`, {
      method: 'PATCH',
      body,
    }),
  deleteKey: (workspaceId: string, keyId: string) =>
    apiRequest<void>(`${workspacePath(workspaceId)}/keys/${encodeURIComponent(keyId)}`, { method: 'DELETE' }),
  testKey: (workspaceId: string, keyId: string) =>
    apiRequest<KeyTestResult>(`${workspacePath(workspaceId)}/keys/${encodeURIComponent(keyId)}/test`, {
      method: 'POST',
    }),

  audit: (workspaceId: string, filters: AuditFilters & { before?: number }) =>
    apiRequest<AuditPage>(`${workspacePath(workspaceId)}/audit`, { query: filters }),
  /** A plain GET link: the browser downloads the file the server names. */
  auditExportUrl: (workspaceId: string, filters: AuditFilters, format: AuditExportFormat) =>
    withQuery(`${workspacePath(workspaceId)}/audit/export`, { ...filters, format }),
  auditRetention: (workspaceId: string) =>
    apiRequest<AuditRetention>(`${workspacePath(workspaceId)}/audit/retention`),
  setAuditRetention: (workspaceId: string, retentionDays: number | null) =>
    apiRequest<AuditRetention>(`${workspacePath(workspaceId)}/audit/retention`, {
      method: 'PUT',
      body: { retentionDays },
    }),
};

/** The audit page's filters, which the export takes too. */
export type AuditFilters = { actor?: string; kind?: string; since?: number; until?: number };
