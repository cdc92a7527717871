const decoder = new TextDecoder();

/**
 * The document a Hocuspocus frame is addressed to: frames start with a lib0 var-string (varuint byte
 * length, then UTF-8), `name` or `name\0session`. Null for anything that does not parse.
 */
export function readFrameDocName(frame: Uint8Array): string | null {
  let length = 0;
  let shift = 0;
  let pos = 0;
  for (;;) {
    const byte = frame[pos];
    if (byte === undefined || shift > 28) return null;
    pos += 1;
    length += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
    shift += 7;
  }
  if (pos + length > frame.byteLength) return null;
  const key = decoder.decode(frame.subarray(pos, pos + length));
  const separator = key.indexOf('\0');
  return separator === -1 ? key : key.slice(0, separator);
}
