import * as decoding from 'lib0/decoding';

// Hocuspocus message types that carry document content from a client (Sync and SyncReply), and the
// y-protocols sync sub-types that write (SyncStep2, Update).
const SYNC = 0;
const SYNC_REPLY = 4;
const SYNC_STEP_2 = 1;
const UPDATE = 2;

/**
 * If a raw Hocuspocus frame writes to the document, returns the byte length of the update it carries;
 * otherwise 0. Reads only headers, never decodes the update itself, and never throws on garbage.
 */
export function readSyncWriteSize(frame: Uint8Array): number {
  try {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== SYNC && type !== SYNC_REPLY) return 0;
    const subType = decoding.readVarUint(decoder);
    if (subType !== SYNC_STEP_2 && subType !== UPDATE) return 0;
    return decoding.readVarUint(decoder);
  } catch {
    return 0;
  }
}
