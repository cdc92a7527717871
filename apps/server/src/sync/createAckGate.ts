import type { Connection } from '@hocuspocus/server';
import { MessageType, readFrameType } from '@synapse/schema';

/**
 * Holds a connection's acknowledgements until the updates it sent are committed.
 *
 * Hocuspocus acknowledges an update (SyncStatus) right after applying it in memory. Synapse's promise is
 * that acknowledged means durable, so while a connection has uncommitted updates its acks — and the other
 * messages that speak for its own writes (Stateless: the "is it saved?" reply of ADR 0017; Close) — wait,
 * in order, behind the commit. Everything else (other clients' updates, awareness, sync replies) is sent at
 * once: it says nothing about the writer's edits, and holding it only delayed what the writer sees of
 * everyone else (ADR 0021). Other connections are not held up.
 *
 * Hocuspocus has no hook between applying an update and sending its ack, so this module replaces
 * `connection.send` — the only patch of Hocuspocus internals in Synapse. hocuspocusBehaviour.test.ts pins,
 * against the installed version, that the ack leaves through `connection.send` after the document's
 * `update` event (where the commit is started and held).
 */
export interface AckGate {
  install(connection: Connection): void;
  hold(connection: Connection, commit: Promise<unknown>): void;
}

interface GateState {
  tail: Promise<void>;
  /** Holds and queued sends not yet executed; while > 0 sends must queue to keep order. */
  queued: number;
  failed: boolean;
}

const HELD_TYPES: ReadonlySet<number> = new Set([
  MessageType.SyncStatus,
  MessageType.Stateless,
  MessageType.Close,
]);

/**
 * Whether an outbound Hocuspocus message must wait for the connection's commits: acks, stateless replies
 * and close. Anything unreadable waits too.
 */
export function mustFollowCommits(message: Uint8Array): boolean {
  const type = readFrameType(message);
  return type === null || HELD_TYPES.has(type);
}

export function createAckGate(onCommitFailed: (connection: Connection, error: unknown) => void): AckGate {
  const gates = new WeakMap<Connection, GateState>();

  function enqueue(gate: GateState, step: () => Promise<void> | void): void {
    gate.queued += 1;
    gate.tail = gate.tail.then(step).finally(() => {
      gate.queued -= 1;
    });
  }

  return {
    install(connection) {
      if (gates.has(connection)) return;
      const gate: GateState = { tail: Promise.resolve(), queued: 0, failed: false };
      gates.set(connection, gate);
      const send = connection.send.bind(connection);
      connection.send = (message: Uint8Array) => {
        if (gate.failed) return;
        if (gate.queued === 0 || !mustFollowCommits(message)) {
          send(message);
          return;
        }
        enqueue(gate, () => {
          if (!gate.failed) send(message);
        });
      };
    },
    hold(connection, commit) {
      const gate = gates.get(connection);
      if (!gate) return;
      enqueue(gate, () =>
        commit.then(
          () => undefined,
          (error: unknown) => {
            if (gate.failed) return;
            gate.failed = true;
            onCommitFailed(connection, error);
          },
        ),
      );
    },
  };
}
