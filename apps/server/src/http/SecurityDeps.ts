import type { AuditLog, AuditRetention } from '@synapse/db';
import type { AuthService } from '../auth/createAuthService';
import type { SsoService } from '../auth/createSsoService';
import type { TwoFactorService } from '../auth/createTwoFactorService';
import type { WorkspaceService } from '../auth/createWorkspaceService';
import type { KeyService } from '../keys/createKeyService';
import type { RateLimiter } from '../limits/createRateLimiter';
import type { SecretsService } from '../secrets/createSecretsService';
import type { CookiePolicy } from './sessionCookie';

/** What the account, workspace, key and audit routes need. */
export interface SecurityDeps {
  auth: AuthService;
  twoFactor: TwoFactorService;
  workspaces: WorkspaceService;
  keys: KeyService;
  /** The workspace secrets vault (names and hints out, values in). */
  secrets: SecretsService;
  auditLog: AuditLog;
  /** Each workspace's audit retention period (the pruning job reads the same table). */
  auditRetention: AuditRetention;
  /** Single sign-on (its `name` is null when not configured) and the per-workspace SSO-only setting. */
  sso: SsoService;
  /**
   * Per client address: sign-in, sign-up and two-factor attempts; `twoFactorAccount` counts code checks
   * per account, whichever address they come from.
   */
  limits: { signIn: RateLimiter; signUp: RateLimiter; twoFactor: RateLimiter; twoFactorAccount: RateLimiter };
  cookies: CookiePolicy;
  /** Extra origins allowed to make state-changing requests (besides the server's own). */
  allowedOrigins: readonly string[];
}
