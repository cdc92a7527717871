import type {
  DisableTwoFactorBody,
  RecoveryCodes,
  Session,
  TwoFactorSetup,
  TwoFactorSignInBody,
  TwoFactorStatus,
  WorkspaceSecurity,
} from '@synapse/schema/api';
import { apiRequest } from '../api/apiRequest';
import { workspacePath } from '../api/workspacePath';

/** Two-factor authentication as the web app uses it: enrolment, sign-in's second step, the requirement. */
export const twoFactorApi = {
  status: () => apiRequest<TwoFactorStatus>('/api/me/2fa'),
  setup: () => apiRequest<TwoFactorSetup>('/api/me/2fa/setup', { method: 'POST' }),
  enable: (code: string) =>
    apiRequest<RecoveryCodes>('/api/me/2fa/enable', { method: 'POST', body: { code } }),
  disable: (body: DisableTwoFactorBody) => apiRequest<void>('/api/me/2fa/disable', { method: 'POST', body }),
  signIn: (body: TwoFactorSignInBody) => apiRequest<Session>('/api/auth/login/2fa', { method: 'POST', body }),
  requirement: (workspaceId: string) =>
    apiRequest<WorkspaceSecurity>(`${workspacePath(workspaceId)}/two-factor`),
  setRequirement: (workspaceId: string, require2fa: boolean) =>
    apiRequest<WorkspaceSecurity>(`${workspacePath(workspaceId)}/two-factor`, {
      method: 'PUT',
      body: { require2fa },
    }),
};
