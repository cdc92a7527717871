import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  addNode,
  initWorkflowDoc,
  setNodeField,
  USER_ORIGIN,
  workflowDocName,
  workflowMaps,
} from '@synapse/schema';
import * as Y from 'yjs';
import { type BenchClient, connectClient, destroyClient, sleep, waitUntil } from '../sync/connectClient';
import { type Distribution, distribution } from '../sync/summarize';
import { pooled } from './idle';
import type { ServerChild } from './spawnServer';

export interface ActiveOptions {
  clients: number;
  docs: number;
  /** Measured seconds, after `warmupSeconds` whose edits are not counted. */
  seconds: number;
  warmupSeconds: number;
  editEveryMs: number;
  concurrency: number;
}

export interface ActiveResult {
  servers: number;
  clients: number;
  docs: number;
  /** Edit made → seen by another client of the document: all, then split by where the two are. */
  propagationMs: Distribution;
  sameServerMs: Distribution;
  crossServerMs: Distribution;
  /** Edit made → its writer's unsyncedChanges back to 0 (Synapse: after the commit), ms. */
  ackMs: Distribution;
  measuredSeconds: number;
  editsPerSecond: number;
  /** Edits seen by other clients per second (each edit counts once per receiving client). */
  deliveriesPerSecond: number;
  /** Deliveries of measured edits that never arrived (waited up to 15 s after the last edit). */
  missedDeliveries: number;
  /** How late the bench process's own timers ran while measuring (it hosts every client), ms. */
  clientLoopDelayMs: { p99: number; max: number };
}

interface Member {
  client: BenchClient;
  server: number;
  nodeId: string;
  lastEditAt: number;
}

function labelsOf(doc: Y.Doc, nodeId: string): Y.Map<unknown> {
  const data = (workflowMaps(doc).nodes.get(nodeId) as Y.Map<unknown> | undefined)?.get('data');
  if (!(data instanceof Y.Map)) throw new Error(`node ${nodeId} not on this client yet`);
  return data;
}

/**
 * `clients` clients over `docs` workflow documents, client i on servers[i % servers.length]; each owns a
 * node of its document and sets its label to an increasing number every `editEveryMs` (phase spread at
 * random). Every other client of the document timestamps the label change; one process clock for all.
 */
export async function activeLoad(servers: ServerChild[], options: ActiveOptions): Promise<ActiveResult> {
  const perDoc = Math.max(2, Math.floor(options.clients / options.docs));
  const runId = Date.now().toString(36);
  const groups: Member[][] = [];
  await pooled(0, options.docs, Math.max(1, Math.floor(options.concurrency / perDoc)), async (d) => {
    const name = workflowDocName('default', `active-${runId}-${d}`);
    const first = await connectClient(servers[(d * perDoc) % servers.length]!, name);
    initWorkflowDoc(first.doc, { name: `Active ${d}` }, USER_ORIGIN);
    const nodeIds = Array.from({ length: perDoc }, (_, c) =>
      addNode(
        first.doc,
        { type: 'agent', position: { x: c * 200, y: 0 }, data: { label: '0' } },
        USER_ORIGIN,
      ),
    );
    await waitUntil(() => first.provider.unsyncedChanges === 0, 'document setup acknowledged', 60_000);
    const members: Member[] = [
      { client: first, server: (d * perDoc) % servers.length, nodeId: nodeIds[0]!, lastEditAt: 0 },
    ];
    for (let c = 1; c < perDoc; c++) {
      const server = (d * perDoc + c) % servers.length;
      const client = await connectClient(servers[server]!, name);
      await waitUntil(() => workflowMaps(client.doc).nodes.size === perDoc, 'every node', 60_000);
      members.push({ client, server, nodeId: nodeIds[c]!, lastEditAt: 0 });
    }
    groups[d] = members;
  });

  const sentAt = new Map<string, number>();
  const same: number[] = [];
  const cross: number[] = [];
  let measureFrom = Number.POSITIVE_INFINITY;
  let measureTo = Number.POSITIVE_INFINITY;
  let measuredEdits = 0;
  for (const [d, members] of groups.entries()) {
    for (const receiver of members) {
      for (const [owner, sender] of members.entries()) {
        if (sender === receiver) continue;
        const isCross = sender.server !== receiver.server;
        labelsOf(receiver.client.doc, sender.nodeId).observe((event) => {
          if (!event.keysChanged.has('label')) return;
          const seen = performance.now();
          const at = sentAt.get(`${d}:${owner}:${event.target.get('label')}`);
          if (at === undefined || at < measureFrom || at >= measureTo) return;
          (isCross ? cross : same).push(seen - at);
        });
      }
    }
  }

  const acks: number[] = [];
  for (const members of groups) {
    for (const member of members) {
      member.client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
        if (number !== 0 || member.lastEditAt < measureFrom || member.lastEditAt >= measureTo) return;
        acks.push(performance.now() - member.lastEditAt);
      });
    }
  }

  const timers: NodeJS.Timeout[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  const start = performance.now();
  measureFrom = start + options.warmupSeconds * 1000;
  measureTo = measureFrom + options.seconds * 1000;
  for (const [d, members] of groups.entries()) {
    for (const [owner, member] of members.entries()) {
      let seq = 0;
      const edit = () => {
        seq += 1;
        const now = performance.now();
        if (now >= measureTo) return;
        sentAt.set(`${d}:${owner}:${seq}`, now);
        if (now >= measureFrom) measuredEdits += 1;
        member.lastEditAt = now;
        setNodeField(member.client.doc, member.nodeId, 'label', String(seq), USER_ORIGIN);
      };
      const offset = Math.random() * options.editEveryMs;
      timers.push(
        setTimeout(() => {
          edit();
          timers.push(setInterval(edit, options.editEveryMs));
        }, offset),
      );
    }
  }
  await sleep(measureFrom - performance.now());
  loopDelay.enable();
  await sleep(measureTo - performance.now());
  loopDelay.disable();
  for (const timer of timers) clearTimeout(timer);
  const expected = measuredEdits * (perDoc - 1);
  const deadline = performance.now() + 15_000;
  while (same.length + cross.length < expected && performance.now() < deadline) await sleep(50);
  const delivered = same.length + cross.length;

  for (const members of groups) for (const m of members) destroyClient(m.client);
  return {
    servers: servers.length,
    clients: perDoc * options.docs,
    docs: options.docs,
    propagationMs: distribution(Float64Array.from([...same, ...cross])),
    sameServerMs: distribution(Float64Array.from(same)),
    crossServerMs: distribution(Float64Array.from(cross)),
    ackMs: distribution(Float64Array.from(acks)),
    measuredSeconds: options.seconds,
    editsPerSecond: measuredEdits / options.seconds,
    deliveriesPerSecond: delivered / options.seconds,
    missedDeliveries: Math.max(0, expected - delivered),
    clientLoopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
  };
}
