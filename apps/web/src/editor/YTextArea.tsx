import { type KeyboardEvent, type RefObject, useEffect, useRef } from 'react';
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
  inputRef?: RefObject<HTMLTextAreaElement | null>;
  /** After every local edit and caret move, e.g. to drive autocomplete. */
  onCaret?: (el: HTMLTextAreaElement) => void;
  onKeyDown?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  onBlur?: () => void;
  ariaProps?: Record<string, string | boolean | undefined>;
}

/**
 * A plain textarea bound to a Y.Text: local typing becomes a minimal delete+insert, remote edits are
 * merged in without moving the caret away from where the user is typing.
 */
export function YTextArea(props: YTextAreaProps) {
  const { ytext, id, readOnly, rows = 5, placeholder, testId, inputRef, onCaret, onKeyDown, onBlur } = props;
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const ref = inputRef ?? ownRef;

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
  }, [ytext, ref]);

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
      onInput={(event) => {
        applyTextDiff(ytext, event.currentTarget.value);
        onCaret?.(event.currentTarget);
      }}
      onKeyUp={(event) => {
        if (event.key.startsWith('Arrow') || event.key === 'Home' || event.key === 'End')
          onCaret?.(event.currentTarget);
      }}
      onClick={(event) => onCaret?.(event.currentTarget)}
      onKeyDown={onKeyDown}
      onBlur={onBlur}
      {...props.ariaProps}
    />
  );
}
