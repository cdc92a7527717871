// Short-lived signed tokens for sync connections: `base64url(json payload).base64url(HMAC-SHA256)`.
// Lives in schema because the server verifies them and the runner signs its own; WebCrypto works in
// every runtime, so no Node or DOM import is needed.

declare const crypto: {
  subtle: {
    importKey(
      format: 'raw',
      key: Uint8Array,
      algorithm: { name: 'HMAC'; hash: 'SHA-256' },
      extractable: boolean,
      usages: string[],
    ): Promise<unknown>;
    sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
    verify(algorithm: 'HMAC', key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  };
};
declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };
declare const TextDecoder: { new (): { decode(b: Uint8Array): string } };
declare function btoa(s: string): string;
declare function atob(s: string): string;

/** `token`: a script's connection, derived from a workspace API token and bounded by it. */
export type TokenSubjectKind = 'user' | 'service' | 'token';

export interface SyncTokenClaims {
  /** Principal id: a user id, or the service name (`runner`). */
  sub: string;
  kind: TokenSubjectKind;
  /** Display name, shown to collaborators. */
  name: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
  /** The session a user token was issued to, so logging out can revoke it and its connections. */
  sid?: string;
  /** The workspace API token a `token` sync token was derived from; revoking it ends the sync token. */
  tid?: string;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function hmacKey(secret: Uint8Array, usage: 'sign' | 'verify') {
  return crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

export async function signSyncToken(claims: SyncTokenClaims, secret: Uint8Array): Promise<string> {
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), payload);
  return `${toBase64Url(payload)}.${toBase64Url(new Uint8Array(signature))}`;
}

export type VerifyResult =
  | { ok: true; claims: SyncTokenClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** Verifies signature and expiry; never throws on hostile input. */
export async function verifySyncToken(token: string, secret: Uint8Array, now: number): Promise<VerifyResult> {
  const parts = token.split('.');
  if (parts.length !== 2 || token.length > 4096) return { ok: false, reason: 'malformed' };
  const payload = fromBase64Url(parts[0] ?? '');
  const signature = fromBase64Url(parts[1] ?? '');
  if (!payload || !signature) return { ok: false, reason: 'malformed' };
  const valid = await crypto.subtle.verify('HMAC', await hmacKey(secret, 'verify'), signature, payload);
  if (!valid) return { ok: false, reason: 'signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  if (claims.exp <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function isClaims(value: unknown): value is SyncTokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.sub === 'string' &&
    (v.kind === 'user' || v.kind === 'service' || v.kind === 'token') &&
    typeof v.name === 'string' &&
    typeof v.exp === 'number' &&
    (v.sid === undefined || typeof v.sid === 'string') &&
    (v.tid === undefined || typeof v.tid === 'string') &&
    (v.kind !== 'token' || typeof v.tid === 'string')
  );
}
