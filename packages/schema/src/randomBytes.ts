// The schema package compiles without DOM and Node types, yet WebCrypto exists in every runtime we
// target (browsers, Node >= 19, workers), so we declare only the one method we use.
interface RandomSource {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
}

/** `length` cryptographically random bytes from `globalThis.crypto`. */
export function randomBytes(length: number): Uint8Array {
  const source = (globalThis as unknown as { crypto?: RandomSource }).crypto;
  if (!source) throw new Error('globalThis.crypto.getRandomValues is not available in this runtime');
  return source.getRandomValues(new Uint8Array(length));
}
