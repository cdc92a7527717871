import type { Hocuspocus } from '@hocuspocus/server';
import { upgradeWebSocket, type WebSocketLike } from '@hono/node-server';
import { ErrorCodes } from '@synapse/schema';
import type { Hono } from 'hono';
import type { Logger } from '../logger';

type ClientConnection = ReturnType<Hocuspocus['handleConnection']>;

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Buffer.concat(data as Uint8Array[]);
  return null;
}

/**
 * Mounts the Hocuspocus protocol on `GET /sync` of the Hono app. Frames over the message cap close the
 * socket with 4413 and a reason the client can show, before Hocuspocus sees a byte of them.
 */
export function attachSyncRoute<E extends object>(
  app: Hono<E>,
  sync: Hocuspocus,
  options: { maxMessageBytes: number; logger: Logger },
): void {
  app.get(
    '/sync',
    upgradeWebSocket((c) => {
      let client: ClientConnection | null = null;
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocketLike & { binaryType?: string };
          raw.binaryType = 'arraybuffer';
          client = sync.handleConnection(raw, c.req.raw, {});
        },
        onMessage(event, ws) {
          const bytes = toBytes(event.data);
          if (!bytes) {
            ws.close(4400, `${ErrorCodes.invalidRequest}: binary frames only`);
            return;
          }
          if (bytes.byteLength > options.maxMessageBytes) {
            options.logger.warn({ bytes: bytes.byteLength }, 'sync frame over the message cap');
            ws.close(
              4413,
              `${ErrorCodes.syncMessageTooLarge}: ${bytes.byteLength} > ${options.maxMessageBytes} bytes`,
            );
            return;
          }
          client?.handleMessage(bytes);
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
