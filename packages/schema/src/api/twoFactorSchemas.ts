import { z } from 'zod';

// Two-factor authentication (TOTP): enrolment, sign-in's second step, the workspace requirement.

const CodeSchema = z.string().min(6).max(12);
const RecoveryCodeSchema = z.string().min(8).max(40);

export const TwoFactorStatusSchema = z
  .object({ enabled: z.boolean(), recoveryCodesLeft: z.number().int() })
  .meta({ id: 'TwoFactorStatus' });

export const TwoFactorSetupSchema = z
  .object({
    /** Base32, for typing into an authenticator app by hand. */
    secret: z.string(),
    /** The `otpauth://totp/…` URI the QR code encodes. */
    uri: z.string(),
    /** The QR code as a `data:image/svg+xml` URL. */
    qrCode: z.string(),
  })
  .meta({ id: 'TwoFactorSetup' });

export const TwoFactorCodeBodySchema = z.object({ code: CodeSchema }).strict();

export const RecoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()) })
  .meta({ id: 'RecoveryCodes' });

export const DisableTwoFactorBodySchema = z
  .object({ code: CodeSchema.optional(), password: z.string().min(1).max(200).optional() })
  .strict()
  .refine((b) => Boolean(b.code) !== Boolean(b.password), { message: 'give either a code or your password' });

/** `POST /api/auth/login` when the password was right and the account has 2FA: no session yet. */
export const TwoFactorChallengeSchema = z
  .object({ twoFactorRequired: z.literal(true), challenge: z.string(), expiresAt: z.number() })
  .meta({ id: 'TwoFactorChallenge' });

export const TwoFactorSignInBodySchema = z
  .object({
    challenge: z.string().min(16).max(4096),
    code: CodeSchema.optional(),
    recoveryCode: RecoveryCodeSchema.optional(),
  })
  .strict()
  .refine((b) => Boolean(b.code) !== Boolean(b.recoveryCode), {
    message: 'give either a code or a recovery code',
  });

export const WorkspaceSecuritySchema = z
  .object({ require2fa: z.boolean() })
  .meta({ id: 'WorkspaceSecurity' });
export const WorkspaceSecurityBodySchema = z.object({ require2fa: z.boolean() }).strict();

export type TwoFactorStatus = z.infer<typeof TwoFactorStatusSchema>;
export type TwoFactorSetup = z.infer<typeof TwoFactorSetupSchema>;
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;
export type TwoFactorChallenge = z.infer<typeof TwoFactorChallengeSchema>;
export type TwoFactorSignInBody = z.input<typeof TwoFactorSignInBodySchema>;
export type DisableTwoFactorBody = z.input<typeof DisableTwoFactorBodySchema>;
export type WorkspaceSecurity = z.infer<typeof WorkspaceSecuritySchema>;
