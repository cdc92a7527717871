// The "is it saved?" exchange (docs/document-schema.md §14.1.1), the one home of its wire format. It rides
// on Hocuspocus stateless messages, so any client — the web app, the runner, a script with a stock
// @hocuspocus/provider — can ask without a protocol change:
//
//   client → server  {"synapse":"saved?","id":7}
//   server → client  {"synapse":"saved","id":7,"snapshot":"<base64 Y.encodeSnapshot>"}
//
// The server takes the snapshot of its in-memory document when the query arrives and sends the reply
// only once everything in that snapshot is committed. So the reply says: "this much is durable".
// The client compares it with its own document (snapshotCovers): Saved means covered.
import * as Y from 'yjs';

declare const btoa: (data: string) => string;
declare const atob: (data: string) => string;

const KIND_QUERY = 'saved?';
const KIND_REPLY = 'saved';

export interface SavedReply {
  id: number;
  snapshot: Y.Snapshot;
}

export function encodeSavedQuery(id: number): string {
  return JSON.stringify({ synapse: KIND_QUERY, id });
}

/** The query's id, or null when the stateless payload is something else. */
export function parseSavedQuery(payload: string): number | null {
  const message = parseJson(payload);
  if (!message || message.synapse !== KIND_QUERY) return null;
  return Number.isSafeInteger(message.id) && (message.id as number) >= 0 ? (message.id as number) : null;
}

export function encodeSavedReply(id: number, snapshot: Y.Snapshot): string {
  return JSON.stringify({ synapse: KIND_REPLY, id, snapshot: toBase64(Y.encodeSnapshot(snapshot)) });
}

/** The reply, or null when the stateless payload is something else (or malformed). */
export function parseSavedReply(payload: string): SavedReply | null {
  const message = parseJson(payload);
  if (!message || message.synapse !== KIND_REPLY) return null;
  if (!Number.isSafeInteger(message.id) || typeof message.snapshot !== 'string') return null;
  try {
    return { id: message.id as number, snapshot: Y.decodeSnapshot(fromBase64(message.snapshot)) };
  } catch {
    return null;
  }
}

function parseJson(payload: string): Record<string, unknown> | null {
  // Cheap reject first: most stateless payloads are not ours.
  if (!payload.startsWith('{"synapse":"saved')) return null;
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const CHUNK = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
