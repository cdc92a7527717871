// The Hocuspocus wire format (v2+, multiplexed), the one place Synapse reads it: like y-protocols'
// sync.js, the constants and the reader live together. A frame is
// `varString(documentName) · varUint(MessageType) · body`; Sync/SyncReply bodies are
// `varUint(SyncStep) · varUint8Array(payload)` (docs/document-schema.md §14).
import { parseDocName } from './docNames';

// UTF-8 decoding exists in every runtime Synapse targets; the package has no DOM or Node types.
declare const TextDecoder: {
  new (label: string, options: { fatal: boolean }): { decode(bytes: Uint8Array): string };
};

/** Hocuspocus message types (`@hocuspocus/server` MessageType). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  SyncReply: 4,
  Stateless: 5,
  BroadcastStateless: 6,
  Close: 7,
  SyncStatus: 8,
  Ping: 9,
  Pong: 10,
} as const;

/** y-protocols sync sub-types (`messageYjsSyncStep1` …). */
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const;

export type FrameKind =
  | 'sync-step1'
  | 'sync-step2'
  | 'sync-update'
  | 'awareness'
  | 'auth'
  | 'query-awareness'
  | 'stateless'
  | 'close'
  | 'ping';

export interface ParsedFrame {
  docName: string;
  kind: FrameKind;
  /** The Yjs update a sync-step2 or sync-update frame carries (a view into the frame, not a copy). */
  update?: Uint8Array;
}

export interface FrameLimits {
  maxAwarenessClients: number;
  maxAwarenessStateBytes: number;
  maxStatelessBytes: number;
  maxTokenBytes: number;
}

export const DEFAULT_FRAME_LIMITS: FrameLimits = {
  maxAwarenessClients: 16,
  maxAwarenessStateBytes: 16 * 1024,
  maxStatelessBytes: 64 * 1024,
  maxTokenBytes: 4096,
};

class FrameError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A bounds-checked reader: every read either succeeds inside the frame or throws FrameError. */
class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  varUint(): number {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.bytes.length) throw new FrameError('truncated number');
      const byte = this.bytes[this.pos++] as number;
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        if (value > Number.MAX_SAFE_INTEGER) throw new FrameError('number out of range');
        return value;
      }
      multiplier *= 128;
    }
    throw new FrameError('number too long');
  }

  bytesOf(maxLength: number): Uint8Array {
    const length = this.varUint();
    if (length > maxLength) throw new FrameError(`field of ${length} bytes exceeds ${maxLength}`);
    if (this.pos + length > this.bytes.length) throw new FrameError('truncated field');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  string(maxLength: number): string {
    try {
      return utf8.decode(this.bytesOf(maxLength));
    } catch (error) {
      if (error instanceof FrameError) throw error;
      throw new FrameError('invalid UTF-8');
    }
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  end(): void {
    if (this.remaining !== 0) throw new FrameError(`${this.remaining} unexpected trailing bytes`);
  }
}

function checkStateVector(bytes: Uint8Array): void {
  const reader = new Reader(bytes);
  const entries = reader.varUint();
  if (entries > 100_000) throw new FrameError('state vector too long');
  for (let i = 0; i < entries; i++) {
    reader.varUint();
    reader.varUint();
  }
  reader.end();
}

function checkAwareness(bytes: Uint8Array, limits: FrameLimits): void {
  const reader = new Reader(bytes);
  const clients = reader.varUint();
  if (clients > limits.maxAwarenessClients) throw new FrameError(`awareness update for ${clients} clients`);
  for (let i = 0; i < clients; i++) {
    reader.varUint();
    reader.varUint();
    const state = reader.string(limits.maxAwarenessStateBytes);
    try {
      JSON.parse(state);
    } catch {
      throw new FrameError('awareness state is not JSON');
    }
  }
  reader.end();
}

export type FrameParse = { ok: true; frame: ParsedFrame } | { ok: false; reason: string };

/**
 * Parses a client frame completely before Hocuspocus sees it, so a truncated, oversized or nonsensical
 * frame is refused with a reason instead of reaching decoders that were not written for hostile input.
 * Only the Yjs update bytes themselves are left opaque (they are decoded under a deadline elsewhere).
 */
export function parseFrame(frame: Uint8Array, limits: FrameLimits = DEFAULT_FRAME_LIMITS): FrameParse {
  try {
    const reader = new Reader(frame);
    const docName = reader.string(512);
    if (!parseDocName(docName)) throw new FrameError('malformed document name');
    const type = reader.varUint();
    let parsed: ParsedFrame;
    switch (type) {
      case MessageType.Sync:
      case MessageType.SyncReply: {
        const sub = reader.varUint();
        const payload = reader.bytesOf(frame.length);
        if (sub === SyncStep.Step1) {
          checkStateVector(payload);
          parsed = { docName, kind: 'sync-step1' };
        } else if (sub === SyncStep.Step2 || sub === SyncStep.Update) {
          // A zero-length or 1-byte update is never valid and has hung older Yjs decoders (yjs#498).
          if (payload.length < 2) throw new FrameError('empty update');
          parsed = { docName, kind: sub === SyncStep.Step2 ? 'sync-step2' : 'sync-update', update: payload };
        } else {
          throw new FrameError(`unknown sync message ${sub}`);
        }
        break;
      }
      case MessageType.Awareness:
        checkAwareness(reader.bytesOf(frame.length), limits);
        parsed = { docName, kind: 'awareness' };
        break;
      case MessageType.Auth: {
        const authType = reader.varUint();
        if (authType !== 0) throw new FrameError('unknown auth message');
        reader.string(limits.maxTokenBytes);
        if (reader.remaining > 0) reader.string(64);
        parsed = { docName, kind: 'auth' };
        break;
      }
      case MessageType.QueryAwareness:
        parsed = { docName, kind: 'query-awareness' };
        break;
      case MessageType.Stateless:
        reader.string(limits.maxStatelessBytes);
        parsed = { docName, kind: 'stateless' };
        break;
      case MessageType.Close:
        if (reader.remaining > 0) reader.string(1024);
        parsed = { docName, kind: 'close' };
        break;
      case MessageType.Ping:
      case MessageType.Pong:
        parsed = { docName, kind: 'ping' };
        break;
      default:
        throw new FrameError(`message type ${type} is not accepted from clients`);
    }
    reader.end();
    return { ok: true, frame: parsed };
  } catch (error) {
    if (error instanceof FrameError) return { ok: false, reason: error.message };
    throw error;
  }
}

/**
 * A frame's message type, skipping its document name undecoded (for the server's own outbound frames on
 * the hot path); null when the frame is malformed.
 */
export function readFrameType(frame: Uint8Array): number | null {
  try {
    const reader = new Reader(frame);
    reader.bytesOf(frame.length);
    return reader.varUint();
  } catch (error) {
    if (error instanceof FrameError) return null;
    throw error;
  }
}

/** A frame's head: its document, message type and, for Sync/SyncReply frames, the sync step. */
export interface FrameHead {
  docName: string;
  type: number;
  syncStep?: number;
}

/**
 * Reads only a frame's head, for frames that come from a trusted peer rather than a client (Redis fan-out,
 * which relays awareness of any number of clients and stateless broadcasts that clients may not send).
 * Returns null when the head is malformed.
 */
export function readFrameHead(frame: Uint8Array): FrameHead | null {
  try {
    const reader = new Reader(frame);
    const docName = reader.string(512);
    const type = reader.varUint();
    if (type !== MessageType.Sync && type !== MessageType.SyncReply) return { docName, type };
    return { docName, type, syncStep: reader.varUint() };
  } catch (error) {
    if (error instanceof FrameError) return null;
    throw error;
  }
}
