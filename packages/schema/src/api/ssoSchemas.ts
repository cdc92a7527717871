import { z } from 'zod';

// Single sign-on with OpenID Connect: what the sign-in page shows, why a sign-in failed, and the
// per-workspace "SSO only" setting.

/** Whether SSO is configured, and the name its button shows ("Sign in with <name>"). */
export const SsoInfoSchema = z
  .object({ sso: z.object({ name: z.string() }).nullable() })
  .meta({ id: 'SsoInfo' });

export const WorkspaceSsoSchema = z
  .object({
    /** Members who signed in with a password are refused this workspace's routes and documents. */
    ssoOnly: z.boolean(),
    /** Whether the install has SSO configured (the setting can only be turned on when it has). */
    available: z.boolean(),
  })
  .meta({ id: 'WorkspaceSso' });

export const SetWorkspaceSsoBodySchema = z.object({ ssoOnly: z.boolean() }).strict();

/**
 * Why an SSO sign-in failed: the callback sends the browser to `/?sso_error=<reason>`, and the sign-in page
 * shows the message for it (a fixed table, so no one can put their own text on the page through a link).
 */
export const SSO_ERROR_MESSAGES = {
  state: 'The sign-in request expired or did not come from this browser. Try again.',
  denied: 'The identity provider did not sign you in (consent was refused or the sign-in was cancelled).',
  provider: 'The identity provider could not be reached or answered with an error. Try again later.',
  unverified:
    'Your identity provider has not verified your email address, so it cannot be used to sign in here.',
  disabled: 'Single sign-on is not configured on this server.',
  failed: 'Single sign-on failed. Try again, or ask your administrator.',
} as const;

export type SsoErrorReason = keyof typeof SSO_ERROR_MESSAGES;

export function isSsoErrorReason(value: unknown): value is SsoErrorReason {
  return typeof value === 'string' && Object.hasOwn(SSO_ERROR_MESSAGES, value);
}

export type SsoInfo = z.infer<typeof SsoInfoSchema>;
export type WorkspaceSso = z.infer<typeof WorkspaceSsoSchema>;
export type SetWorkspaceSsoBody = z.input<typeof SetWorkspaceSsoBodySchema>;
