import { z } from 'zod';

// Accounts and sessions: sign-up, sign-in, `/api/me`, the sync token.

export const RoleSchema = z.enum(['owner', 'editor', 'viewer']).meta({ id: 'Role' });

export const UserSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string().nullable().optional() })
  .meta({ id: 'User' });

export const WorkspaceMembershipSchema = z
  .object({ id: z.string(), name: z.string(), role: RoleSchema })
  .meta({ id: 'WorkspaceMembership' });

export const SessionSchema = z
  .object({ user: UserSchema, workspaces: z.array(WorkspaceMembershipSchema) })
  .meta({ id: 'Session' });

export const SetupStateSchema = z.object({ needsSetup: z.boolean(), signupOpen: z.boolean() });

export const SignUpBodySchema = z
  .object({
    name: z.string().min(1).max(100),
    email: z.string().min(3).max(320),
    password: z.string().min(1).max(200),
    inviteToken: z.string().min(16).max(256).optional(),
  })
  .strict();

export const SignInBodySchema = z
  .object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) })
  .strict();

export const SyncTokenSchema = z.object({ token: z.string(), expiresAt: z.number() });

export type Role = z.infer<typeof RoleSchema>;
export type WorkspaceMembership = z.infer<typeof WorkspaceMembershipSchema>;
export type Session = z.infer<typeof SessionSchema>;
export type SetupState = z.infer<typeof SetupStateSchema>;
export type SignUpBody = z.input<typeof SignUpBodySchema>;
export type SignInBody = z.input<typeof SignInBodySchema>;
export type SyncToken = z.infer<typeof SyncTokenSchema>;
