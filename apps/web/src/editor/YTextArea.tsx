import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { applyTextDiff } from './applyTextDiff';
import { mapIndexThroughDelta } from './mapIndexThroughDelta';

interface YTextAreaProps {
  ytext: Y.Text;
  id: string;
  readOnly: boolean;
  rows?: number;
  placeholder?: string;
  testId?: string;
}

/**
 * A plain textarea bound to a Y.Text: local typing becomes a minimal delete+insert, remote edits are
 * merged in without moving the caret away from where the user is typing.
 */
export function YTextArea({ ytext, id, readOnly, rows = 5, placeholder, testId }: YTextAreaProps) {
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.value = ytext.toString();
    const onChange = (event: Y.YTextEvent) => {
      const text = ytext.toString();
      if (el.value === text) return; // our own edit, already on screen
      const focused = document.activeElement === el;
      const start = mapIndexThroughDelta(el.selectionStart, event.delta);
      const end = mapIndexThroughDelta(el.selectionEnd, event.delta);
      el.value = text;
      if (focused) el.setSelectionRange(start, end);
    };
    ytext.observe(onChange);
    return () => ytext.unobserve(onChange);
  }, [ytext]);

  return (
    <textarea
      ref={ref}
      id={id}
      className="field__input field__textarea"
      rows={rows}
      placeholder={placeholder}
      readOnly={readOnly}
      spellCheck
      data-testid={testId}
      onInput={(event) => applyTextDiff(ytext, event.currentTarget.value)}
    />
  );
}
