import type { Hocuspocus } from '@hocuspocus/server';
import { upgradeWebSocket, type WebSocketLike } from '@hono/node-server';
import { fitCloseReason, syncCloseEvent } from '@synapse/schema';
import type { Hono } from 'hono';
import type { Logger } from '../logger';
import { createSocketGuard, defaultSocketLimits, type SocketLimits } from './createSocketGuard';

type ClientConnection = ReturnType<Hocuspocus['handleConnection']>;

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Uint8Array[]);
  return null;
}

/**
 * Mounts the Hocuspocus protocol on `GET /sync` of the Hono app. Every frame passes the socket guard first
 * (size cap 4413, rate and open-document limits 4429, structural parse 4400): a refused frame closes the
 * socket with an event from SYNC_CLOSE_REASONS, before Hocuspocus sees a byte of it. The reason is cut to
 * what a close frame carries from its end, so the error code and sizes always arrive.
 */
export function attachSyncRoute<E extends object>(
  app: Hono<E>,
  sync: Hocuspocus,
  options: { maxMessageBytes: number; logger: Logger; limits?: Partial<SocketLimits> },
): void {
  const limits = { ...defaultSocketLimits(options.maxMessageBytes), ...options.limits };
  app.get(
    '/sync',
    upgradeWebSocket((c) => {
      let client: ClientConnection | null = null;
      const guard = createSocketGuard(limits);
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocketLike & { binaryType?: string };
          raw.binaryType = 'arraybuffer';
          client = sync.handleConnection(raw, c.req.raw, {});
        },
        onMessage(event, ws) {
          const bytes = toBytes(event.data);
          if (!bytes) {
            const refusal = syncCloseEvent('malformedFrame', { message: 'binary frames only' });
            ws.close(refusal.code, refusal.reason);
            return;
          }
          if (!client) return;
          const verdict = guard.inspect(bytes);
          if (!verdict.ok) {
            options.logger.warn(
              { code: verdict.code, reason: verdict.reason, bytes: bytes.byteLength },
              'sync frame refused',
            );
            const closing = client;
            client = null;
            closing.handleClose({ code: verdict.code, reason: verdict.reason });
            ws.close(verdict.code, fitCloseReason(verdict.reason));
            return;
          }
          client.handleMessage(bytes);
        },
        onClose(event) {
          client?.handleClose({ code: event.code, reason: event.reason });
          client = null;
        },
        onError(event) {
          options.logger.debug({ event: String(event) }, 'sync socket error');
        },
      };
    }),
  );
}
