import { DEFAULT_FRAME_LIMITS, type FrameLimits, type SyncCloseEvent, syncCloseEvent } from '@synapse/schema';
import { createTokenBucket } from '../limits/createTokenBucket';
import { parseIncomingFrame } from './parseIncomingFrame';

export interface SocketLimits {
  maxMessageBytes: number;
  /** Sustained frames per second per socket, and the burst allowed above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Sustained bytes per second per socket, and the burst (at least two maximal messages). */
  bytesPerSecond: number;
  bytesBurst: number;
  /** Documents one socket may have open at once (Hocuspocus multiplexes documents over a socket). */
  maxOpenDocuments: number;
  frames: FrameLimits;
}

export function defaultSocketLimits(maxMessageBytes: number): SocketLimits {
  return {
    maxMessageBytes,
    messagesPerSecond: 200,
    messageBurst: 1000,
    bytesPerSecond: 4 * 1024 * 1024,
    bytesBurst: Math.max(8 * 1024 * 1024, 2 * maxMessageBytes),
    maxOpenDocuments: 200,
    frames: DEFAULT_FRAME_LIMITS,
  };
}

export type Verdict = { ok: true } | ({ ok: false } & SyncCloseEvent);

/**
 * The per-socket gate in front of Hocuspocus: message size, frame and byte rate, open-document count, and a
 * complete structural parse of every frame (the one parse of it the server makes, see parseIncomingFrame).
 * Any refusal closes the socket with an event from the close-reason table (SYNC_CLOSE_REASONS).
 */
export function createSocketGuard(limits: SocketLimits, now: () => number = Date.now) {
  const messages = createTokenBucket({
    capacity: limits.messageBurst,
    refillPerSecond: limits.messagesPerSecond,
    now,
  });
  const bytes = createTokenBucket({
    capacity: limits.bytesBurst,
    refillPerSecond: limits.bytesPerSecond,
    now,
  });
  const open = new Set<string>();
  return {
    inspect(frame: Uint8Array): Verdict {
      if (frame.byteLength > limits.maxMessageBytes) {
        return {
          ok: false,
          ...syncCloseEvent('messageTooLarge', {
            limit: limits.maxMessageBytes,
            actual: frame.byteLength,
            message: 'a message is larger than the server accepts',
          }),
        };
      }
      if (!messages.take() || !bytes.take(frame.byteLength)) {
        return { ok: false, ...syncCloseEvent('rateLimited', { message: 'too many messages; slow down' }) };
      }
      const parsed = parseIncomingFrame(frame, limits.frames);
      if (!parsed.ok) return { ok: false, ...syncCloseEvent('malformedFrame', { message: parsed.reason }) };
      const { docName, kind } = parsed.frame;
      if (kind === 'auth' && !open.has(docName)) {
        if (open.size >= limits.maxOpenDocuments) {
          return {
            ok: false,
            ...syncCloseEvent('tooManyDocuments', {
              limit: limits.maxOpenDocuments,
              message: 'too many documents open on one connection',
            }),
          };
        }
        open.add(docName);
      } else if (kind === 'close') {
        open.delete(docName);
      }
      return { ok: true };
    },
  };
}
