import { randomUUID } from 'node:crypto';
import { Redis } from '@hocuspocus/extension-redis';
import {
  type afterLoadDocumentPayload,
  type afterUnloadDocumentPayload,
  type beforeUnloadDocumentPayload,
  type Document,
  type Extension,
  type Hocuspocus,
  OutgoingMessage,
  type onAwarenessUpdatePayload,
} from '@hocuspocus/server';
import { MessageType, readFrameHead, SyncStep } from '@synapse/schema';
import IORedis from 'ioredis';
import type { Logger } from '../logger';

/** What /api/health and /metrics report about the Redis link. */
export interface RedisHealth {
  /** Both connections are up and every loaded document has caught up since the last fault. */
  up: boolean;
  /** When the current fault began (ms since epoch), null while up. */
  downSince: number | null;
  lastError: string | null;
  faults: number;
}

/** Told about faults and catch-ups as they happen (prom-client counters live in createServerMetrics). */
export interface RedisObserver {
  up(isUp: boolean): void;
  fault(): void;
  caughtUp(documents: number): void;
}

export interface RedisSyncOptions {
  url: string;
  logger: Logger;
  /** Reloads a loaded document's committed state from the update log (the persistence's catchUp). */
  catchUp(documentName: string, document: Document): Promise<void>;
  observer?: RedisObserver;
  /** How long an ack waits for its update's publish before going out anyway (the peers catch up later). */
  publishTimeoutMs?: number;
  /** Key prefix shared by every server of one install. */
  prefix?: string;
}

export interface RedisSync {
  extension: Extension;
  /** Publishes a committed update to the other servers; never rejects, bounded by publishTimeoutMs. */
  publish(documentName: string, update: Uint8Array): Promise<void>;
  health(): RedisHealth;
  close(): Promise<void>;
}

const RESYNC_CHANNEL = 'resync';
const LOAD_TIMEOUT_MS = 2000;
/** How soon a failed re-subscription is tried again. */
const RETRY_MS = 1000;

/**
 * Several servers share every document through Redis pub/sub, with the database as the source of truth
 * (ADR 0015). The stock `@hocuspocus/extension-redis` carries awareness, stateless messages and the
 * channel plumbing; its document sync (a SyncStep1 per change, answered by each peer with a SyncStep2 of
 * its *in-memory* state) is switched off, because it hands peers edits that are not committed yet and
 * that an edit's author has not been acknowledged for. Instead:
 *
 * - after an update is committed, its bytes are published on the document's channel before the writer
 *   gets its ack (publish); peers apply them with the Redis origin, which is never appended again;
 * - a document loaded here subscribes first, then re-reads the log (anything committed before is read,
 *   anything after is published to a live subscription);
 * - after any Redis fault, every loaded document re-reads the log and the other servers are asked to
 *   do the same (they may have missed this server's publishes while it was cut off).
 */
export function createRedisSync(options: RedisSyncOptions): RedisSync {
  const { logger } = options;
  const publishTimeoutMs = options.publishTimeoutMs ?? 1000;
  const prefix = options.prefix ?? 'synapse';
  const identifier = `synapse-${randomUUID()}`;
  const clientOptions = {
    // Commands issued while disconnected wait for the reconnect instead of failing after 20 retries:
    // the extension's own reply-channel subscription is issued once, at construction.
    maxRetriesPerRequest: null,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
  };
  let state: RedisHealth = { up: false, downSince: Date.now(), lastError: null, faults: 0 };
  let recovering: Promise<void> | null = null;
  let reconnecting = false;
  let catchUpRequested = false;
  let missedPublish = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;

  class SynapseRedis extends Redis {
    /** Documents loaded while Redis was unreachable: subscribed once it returns. */
    readonly deferred = new Set<string>();
    /** The loaded document that owns each channel subscription, and the one being unloaded. */
    private readonly owners = new Map<string, Document>();
    private readonly leaving = new Map<string, Document>();

    constructor() {
      super({
        createClient: () => new IORedis(options.url, clientOptions),
        identifier,
        prefix,
        // Peers never answer with document state (see admits), so there is nothing to wait for.
        awaitInitialSyncTimeout: 0,
        // Publishes precede acks; nothing is left in flight for an unload to wait for.
        disconnectDelay: 0,
      });
      // biome-ignore lint/complexity/useLiteralKeys: private in the extension's typings; we wrap it, not change it.
      const stock = this['handleIncomingMessage'];
      this.sub.removeAllListeners('messageBuffer');
      this.sub.on('messageBuffer', (channel: Buffer, data: Buffer) => {
        if (channel.toString('utf8') === resyncChannel) {
          if (data.toString('utf8') !== identifier) requestCatchUp('a peer reconnected');
          return;
        }
        if (!admits(data)) return;
        stock(channel, data).catch((error: unknown) =>
          logger.warn({ err: error }, 'redis: a message from a peer could not be applied'),
        );
      });
      this.sub.subscribe(resyncChannel).catch(() => undefined);
      for (const client of [this.pub, this.sub]) {
        client.on('error', (error: Error) => fault(error.message));
        client.on('close', () => fault('connection closed'));
        client.on('ready', () => void recover());
      }
    }

    get hocuspocus(): Hocuspocus | undefined {
      return this.instance;
    }

    override async afterLoadDocument(payload: afterLoadDocumentPayload): Promise<void> {
      const { documentName, document } = payload;
      this.owners.set(documentName, document);
      if (!state.up) {
        this.deferred.add(documentName);
        return;
      }
      try {
        await withTimeout(super.afterLoadDocument(payload), LOAD_TIMEOUT_MS, 'subscribe');
        // Subscribed: re-read the log, so nothing committed between our load and the subscription is missed.
        await options.catchUp(documentName, document);
      } catch (error) {
        logger.warn({ err: error, doc: documentName }, 'redis: document not subscribed yet, will retry');
        this.deferred.add(documentName);
        scheduleRetry();
      }
    }

    override async beforeUnloadDocument(payload: beforeUnloadDocumentPayload): Promise<void> {
      this.leaving.set(payload.documentName, payload.document);
      await super.beforeUnloadDocument(payload);
    }

    /**
     * A document unloaded while the same name is loading again must not unsubscribe the new one (the stock
     * check only sees documents whose load has finished): the new load would miss every publish.
     */
    override async afterUnloadDocument(payload: afterUnloadDocumentPayload): Promise<void> {
      const { documentName } = payload;
      const leaving = this.leaving.get(documentName);
      this.leaving.delete(documentName);
      const owner = this.owners.get(documentName);
      if (owner && leaving && owner !== leaving) return;
      this.owners.delete(documentName);
      this.deferred.delete(documentName);
      await super.afterUnloadDocument(payload);
    }

    /** Document content crosses servers only as committed updates (publish), never as in-memory state. */
    override async onChange(): Promise<void> {}

    // No Redlock around stores: compaction is safe across servers on its own (ADR 0002).
    override async onStoreDocument(): Promise<void> {}
    override async afterStoreDocument(): Promise<void> {}

    override async onAwarenessUpdate(payload: onAwarenessUpdatePayload): Promise<void> {
      // While cut off, awareness would only pile up in the offline queue; clients renew it every 15 s.
      if (state.up) await super.onAwarenessUpdate(payload);
    }

    /**
     * Subscribes the documents whose subscription failed or waited for Redis, each then re-reading the log
     * (it may have missed publishes meanwhile). One that fails stays deferred for the next try.
     */
    async subscribeDeferred(): Promise<void> {
      const documents = this.instance?.documents;
      for (const documentName of [...this.deferred]) {
        const document = documents?.get(documentName);
        if (!document) {
          this.deferred.delete(documentName);
          continue;
        }
        await withTimeout(
          super.afterLoadDocument({ documentName, document } as afterLoadDocumentPayload),
          LOAD_TIMEOUT_MS,
          'subscribe',
        );
        this.deferred.delete(documentName);
        await options.catchUp(documentName, document);
      }
    }
  }

  const resyncChannel = `${prefix}#${RESYNC_CHANNEL}`;
  const extension = new SynapseRedis();

  function fault(reason: string): void {
    if (closed) return;
    state.lastError = reason;
    if (!state.up && state.downSince !== null) return;
    state = { ...state, up: false, downSince: Date.now(), faults: state.faults + 1 };
    options.observer?.up(false);
    options.observer?.fault();
    logger.error({ reason }, 'redis unreachable: serving local clients only until it returns');
  }

  async function catchUpAll(): Promise<number> {
    const documents = extension.hocuspocus?.documents ?? new Map<string, Document>();
    let count = 0;
    for (const [name, document] of documents) {
      await options.catchUp(name, document);
      count += 1;
    }
    options.observer?.caughtUp(count);
    return count;
  }

  function requestCatchUp(reason: string): void {
    catchUpRequested = true;
    void recoverOrCatchUp(reason);
  }

  async function recoverOrCatchUp(reason: string): Promise<void> {
    if (recovering) return;
    recovering = (async () => {
      while (catchUpRequested && !closed) {
        catchUpRequested = false;
        try {
          const count = await catchUpAll();
          logger.info({ reason, documents: count }, 'documents caught up from the update log');
        } catch (error) {
          logger.error({ err: error }, 'catch-up from the update log failed; retrying');
          catchUpRequested = true;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    })().finally(() => {
      recovering = null;
    });
    await recovering;
  }

  /**
   * Tries again later whatever did not finish: a recovery whose re-subscription timed out (the clients
   * stay ready, so no 'ready' event would come), or documents whose subscription failed while Redis was up.
   */
  function scheduleRetry(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void retry();
    }, RETRY_MS);
    retryTimer.unref();
  }

  async function retry(): Promise<void> {
    if (closed) return;
    if (!state.up) return recover();
    try {
      await extension.subscribeDeferred();
    } catch (error) {
      logger.warn({ err: error }, 'redis: deferred documents not subscribed yet, will retry');
      scheduleRetry();
    }
  }

  async function recover(): Promise<void> {
    if (closed || state.up || reconnecting) return;
    if (extension.pub.status !== 'ready' || extension.sub.status !== 'ready') return;
    reconnecting = true;
    try {
      // Pipelined behind the automatic re-subscription: once it answers, our channels are live again.
      await extension.sub.ping();
      await extension.subscribeDeferred();
    } catch (error) {
      fault(error instanceof Error ? error.message : String(error));
      scheduleRetry();
      return;
    } finally {
      reconnecting = false;
    }
    if (extension.pub.status !== 'ready' || extension.sub.status !== 'ready') return;
    // Up before catching up: publishes from now on reach peers, the catch-up covers everything before.
    state = { ...state, up: true, downSince: null };
    options.observer?.up(true);
    missedPublish = false;
    catchUpRequested = true;
    await recoverOrCatchUp('redis reconnected');
    // Peers that never lost Redis missed whatever this server committed while it was cut off.
    await extension.pub.publish(resyncChannel, identifier).catch(() => undefined);
    logger.info('redis connected');
  }

  return {
    extension,
    async publish(documentName, update) {
      if (!state.up || extension.pub.status !== 'ready') {
        missedPublish = true;
        return;
      }
      const message = new OutgoingMessage(documentName).createSyncMessage().writeUpdate(update);
      const data = Buffer.concat([extension.messagePrefix, Buffer.from(message.toUint8Array())]);
      try {
        await withTimeout(
          extension.pub.publish(`${prefix}:${documentName}`, data),
          publishTimeoutMs,
          'publish',
        );
        if (missedPublish) {
          missedPublish = false;
          await extension.pub.publish(resyncChannel, identifier);
        }
      } catch (error) {
        missedPublish = true;
        logger.warn(
          { err: error, doc: documentName },
          'redis publish failed; peers will catch up from the log',
        );
      }
    },
    health: () => ({ ...state }),
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await extension.onDestroy();
    },
  };
}

/**
 * Lets through what peers may send: committed updates, awareness and stateless messages. Sync steps 1 and
 * 2 (and their replies) carry or request in-memory state, which is not ours to trust (see ADR 0015).
 * A Redis message is the extension's `[identifier length][identifier][frame]` (pinned in
 * hocuspocusBehaviour.test.ts); the frame's head is read by the schema's one frame reader.
 */
export function admits(data: Uint8Array): boolean {
  const identifierLength = data[0];
  if (identifierLength === undefined) return false;
  const head = readFrameHead(data.subarray(1 + identifierLength));
  if (!head) return false;
  if (head.type !== MessageType.Sync && head.type !== MessageType.SyncReply) return true;
  return head.syncStep === SyncStep.Update;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`redis ${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
