import type { Blame } from './classifyClose';
import type { FrameLog } from './frameLog';

/**
 * The documents whose frame a whole-socket refusal was about: the ones that sent a frame over the limit
 * (or of the reported size), else the largest sender; or the sender of the last frame.
 */
export function blamedDocuments(blame: Blame, log: FrameLog): string[] {
  if (blame.by === 'last-frame') return log.last ? [log.last] : [];
  const frames = [...log.largest];
  const { actual, limit } = blame;
  const over = frames.filter(([, bytes]) => (limit !== null ? bytes > limit : bytes === actual));
  if (over.length > 0 || frames.length === 0) return over.map(([name]) => name);
  const largest = Math.max(...log.largest.values());
  return frames.filter(([, bytes]) => bytes === largest).map(([name]) => name);
}
