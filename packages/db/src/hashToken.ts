import { createHash, randomBytes } from 'node:crypto';

/** Bearer secrets (session cookies, invite links) are stored only as their SHA-256 digest. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 random bytes, base64url: an unguessable bearer secret. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}
