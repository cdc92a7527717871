import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ErrorCodes } from '@synapse/schema';
import type { MasterKeyring } from './masterKeyring';

// Envelope encryption shared by provider keys and TOTP secrets: each secret gets a random data key
// (AES-256-GCM), and the data key is wrapped by a master key whose id is stored with the row.

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]));
}

export function open(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer {
  if (sealed.byteLength < IV_BYTES + TAG_BYTES)
    throw new Error(`${ErrorCodes.secretsCorrupt}: sealed value too short`);
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.byteLength - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.byteLength - TAG_BYTES)),
    decipher.final(),
  ]);
}

/** Binds a wrapped data key to its row and master key, so it cannot be moved to another row. */
export const dataKeyAad = (id: string, masterKeyId: string) => `synapse/data-key/v1\0${id}\0${masterKeyId}`;

export function masterKeyOf(ring: MasterKeyring, id: string): Uint8Array {
  const key = ring.keys.get(id);
  if (!key) throw new Error(`${ErrorCodes.secretsUnknownMasterKey}: master key ${id} is not configured`);
  return key;
}

export interface SealedSecret {
  masterKeyId: string;
  wrappedDataKey: Uint8Array;
  ciphertext: Uint8Array;
}

/** A secret sealed under a fresh data key wrapped by the ring's current master key. */
export function sealSecret(ring: MasterKeyring, rowId: string, plaintext: string, aad: string): SealedSecret {
  const dataKey = randomBytes(32);
  try {
    return {
      masterKeyId: ring.currentId,
      ciphertext: seal(dataKey, Buffer.from(plaintext, 'utf8'), aad),
      wrappedDataKey: seal(masterKeyOf(ring, ring.currentId), dataKey, dataKeyAad(rowId, ring.currentId)),
    };
  } finally {
    dataKey.fill(0);
  }
}

/** The sealed secret's data key, rewrapped by master key `newKeyId` (the ciphertext is unchanged). */
export function rewrapDataKey(
  ring: MasterKeyring,
  rowId: string,
  sealed: Pick<SealedSecret, 'masterKeyId' | 'wrappedDataKey'>,
  newKeyId: string,
): Uint8Array {
  const dataKey = open(
    masterKeyOf(ring, sealed.masterKeyId),
    sealed.wrappedDataKey,
    dataKeyAad(rowId, sealed.masterKeyId),
  );
  try {
    return seal(masterKeyOf(ring, newKeyId), dataKey, dataKeyAad(rowId, newKeyId));
  } finally {
    dataKey.fill(0);
  }
}

export function openSecret(ring: MasterKeyring, rowId: string, sealed: SealedSecret, aad: string): string {
  const dataKey = open(
    masterKeyOf(ring, sealed.masterKeyId),
    sealed.wrappedDataKey,
    dataKeyAad(rowId, sealed.masterKeyId),
  );
  try {
    return open(dataKey, sealed.ciphertext, aad).toString('utf8');
  } finally {
    dataKey.fill(0);
  }
}
