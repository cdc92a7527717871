import { parseDocName } from '@synapse/schema';

// Hocuspocus message types (client → server) and y-protocols sync sub-types.
const SYNC = 0;
const AWARENESS = 1;
const AUTH = 2;
const QUERY_AWARENESS = 3;
const SYNC_REPLY = 4;
const STATELESS = 5;
const CLOSE = 7;
const PING = 9;
const PONG = 10;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

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
  /** The Yjs update a sync-step2 or sync-update frame carries. */
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

/**
 * Parses a client frame completely before Hocuspocus sees it, so a truncated, oversized or nonsensical
 * frame is refused with a reason instead of reaching decoders that were not written for hostile input.
 * Only the Yjs update bytes themselves are left opaque (they are decoded under a deadline elsewhere).
 */
export function parseFrame(
  frame: Uint8Array,
  limits: FrameLimits = DEFAULT_FRAME_LIMITS,
): { ok: true; frame: ParsedFrame } | { ok: false; reason: string } {
  try {
    const reader = new Reader(frame);
    const docName = reader.string(512);
    if (!parseDocName(docName)) throw new FrameError('malformed document name');
    const type = reader.varUint();
    let parsed: ParsedFrame;
    switch (type) {
      case SYNC:
      case SYNC_REPLY: {
        const sub = reader.varUint();
        const payload = reader.bytesOf(frame.length);
        if (sub === SYNC_STEP_1) {
          checkStateVector(payload);
          parsed = { docName, kind: 'sync-step1' };
        } else if (sub === SYNC_STEP_2 || sub === SYNC_UPDATE) {
          // A zero-length or 1-byte update is never valid and has hung older Yjs decoders (yjs#498).
          if (payload.length < 2) throw new FrameError('empty update');
          parsed = { docName, kind: sub === SYNC_STEP_2 ? 'sync-step2' : 'sync-update', update: payload };
        } else {
          throw new FrameError(`unknown sync message ${sub}`);
        }
        break;
      }
      case AWARENESS:
        checkAwareness(reader.bytesOf(frame.length), limits);
        parsed = { docName, kind: 'awareness' };
        break;
      case AUTH: {
        const authType = reader.varUint();
        if (authType !== 0) throw new FrameError('unknown auth message');
        reader.string(limits.maxTokenBytes);
        if (reader.remaining > 0) reader.string(64);
        parsed = { docName, kind: 'auth' };
        break;
      }
      case QUERY_AWARENESS:
        parsed = { docName, kind: 'query-awareness' };
        break;
      case STATELESS:
        reader.string(limits.maxStatelessBytes);
        parsed = { docName, kind: 'stateless' };
        break;
      case CLOSE:
        if (reader.remaining > 0) reader.string(1024);
        parsed = { docName, kind: 'close' };
        break;
      case PING:
      case PONG:
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
