import type { HocuspocusProvider, onOutgoingMessageParameters } from '@hocuspocus/provider';

// Which document sent what on the tab's socket, to find the document a whole-socket refusal was about
// (see blamedDocuments). Frames are seen through each provider's `outgoingMessage` event, a supported
// hook that fires for every frame the provider hands to the socket (pinned in frameLog.test.ts), so the
// document is the provider's own and nothing is read back out of the bytes.

/** Largest frame each document sent: who to blame for a frame over the size limit. */
const largestFrames = new Map<string, number>();
/** The document that sent the last frame: who to blame when a frame is refused as malformed. */
let lastFrameDoc: string | null = null;
let connectionOpened = false;

export interface FrameLog {
  largest: Map<string, number>;
  last: string | null;
}

/** Logs every frame `provider` sends for document `name`; returns the function that stops it. */
export function logOutgoingFrames(provider: HocuspocusProvider, name: string): () => void {
  const listener = ({ message }: onOutgoingMessageParameters) => {
    const bytes = message.toUint8Array().byteLength;
    lastFrameDoc = name;
    if (bytes > (largestFrames.get(name) ?? 0)) largestFrames.set(name, bytes);
  };
  provider.on('outgoingMessage', listener);
  return () => provider.off('outgoingMessage', listener);
}

/** The socket opened: frames logged from now on, and those queued before, travel on this connection. */
export function frameConnectionOpened(): void {
  connectionOpened = true;
}

/**
 * What was sent on the connection that just closed (and queued before it), for judging that close. The
 * record starts over only if the connection had opened: frames queued while it could not connect are
 * still waiting to be sent on the next one.
 */
export function takeFrameLog(): FrameLog {
  const log = { largest: new Map(largestFrames), last: lastFrameDoc };
  if (connectionOpened) {
    largestFrames.clear();
    lastFrameDoc = null;
    connectionOpened = false;
  }
  return log;
}
