import { useEffect } from 'react';
import type { EditorCommands } from '../commands/useEditorCommands';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable || target.closest('input, textarea, select, [contenteditable="true"]') !== null
  );
}

/**
 * Copy, cut and paste of nodes through the system clipboard, using the browser's clipboard events:
 * they work from the keyboard without a permission prompt, across tabs and browsers, and leave
 * ordinary text fields alone. The clipboard carries the versioned `synapse.clipboard` JSON.
 */
export function useClipboardEvents(commands: EditorCommands, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onCopy = (cut: boolean) => (event: ClipboardEvent) => {
      if (isEditable(event.target) || !event.clipboardData) return;
      if (window.getSelection()?.toString()) return; // the person is copying text on the page
      const text = cut ? commands.cutSelection() : commands.copySelection();
      if (!text) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
    };
    const copy = onCopy(false);
    const cut = onCopy(true);
    const paste = (event: ClipboardEvent) => {
      if (isEditable(event.target) || !event.clipboardData) return;
      if (commands.paste(event.clipboardData.getData('text/plain'))) event.preventDefault();
    };
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', paste);
    return () => {
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', paste);
    };
  }, [commands, enabled]);
}
