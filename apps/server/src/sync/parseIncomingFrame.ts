import { type FrameLimits, type FrameParse, parseFrame } from '@synapse/schema';

// Every client frame is parsed once, by the socket guard. Hocuspocus hands its hooks (`beforeHandleMessage`'s
// `update`) the very Uint8Array the route passed to `handleMessage` — pinned against the installed version in
// hocuspocusBehaviour.test.ts — so the update guard and persistence find the parse again by identity.
const parses = new WeakMap<Uint8Array, FrameParse>();

/** Parses a frame as it arrives on the socket and remembers the result for the hooks that see it later. */
export function parseIncomingFrame(frame: Uint8Array, limits?: FrameLimits): FrameParse {
  const parse = parseFrame(frame, limits);
  parses.set(frame, parse);
  return parse;
}

/**
 * The socket guard's parse of a frame a Hocuspocus hook received. A frame that never passed the guard (a
 * test driving Hocuspocus directly) is parsed here instead, so nothing is ever trusted unparsed.
 */
export function parsedFrameOf(frame: Uint8Array): FrameParse {
  return parses.get(frame) ?? parseFrame(frame);
}
