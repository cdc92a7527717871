// Test double for the decode worker: answers at once, except for an update starting with 0xff, on which
// it loops forever (what a crafted update does to a real decoder, yjs#687).
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (message: { id: number; update: Uint8Array }) => {
  if (message.update[0] === 0xff) for (;;) {}
  if (message.update[0] === 0xfe) process.exit(3);
  parentPort?.postMessage({ id: message.id, result: { ok: true, items: [], deletes: 0 } });
});
parentPort?.postMessage({ ready: true });
