import { ErrorCodes } from '@synapse/schema';

/**
 * LISTEN/NOTIFY channel names: both drivers quote them, so they are case-sensitive; Postgres truncates
 * identifiers at 63 bytes, and PGlite cannot unescape an embedded quote.
 */
export function assertChannelName(channel: string): void {
  const bytes = Buffer.byteLength(channel);
  if (bytes === 0 || bytes > 63 || /["\0]/.test(channel)) {
    throw new Error(
      `${ErrorCodes.dbBadChannel}: channel name must be 1-63 bytes without '"' or NUL: ${channel}`,
    );
  }
}
