import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/** How close to the bottom (px) still counts as "reading the latest text". */
const PINNED_SLACK = 24;

/**
 * Keeps a scrolling box of streamed text showing its newest line while it grows, unless the reader
 * has scrolled up to read something earlier; also says whether the text overflows the box.
 */
export function useFollowTail<T extends HTMLElement>(
  content: string,
  streaming: boolean,
  /** Changes when the box is replaced or restyled (another view of the same text). */
  layout = '',
) {
  const ref = useRef<T>(null);
  const pinned = useRef(true);
  const [overflowing, setOverflowing] = useState(false);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight <= PINNED_SLACK;
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: new text is what moves the tail
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (streaming && pinned.current) el.scrollTop = el.scrollHeight;
    setOverflowing(el.scrollHeight > el.clientHeight + 1);
  }, [content, streaming, layout]);

  return { ref, onScroll, overflowing };
}
