import { useEffect } from 'react';
import { type ShortcutAction, shortcutFor } from './shortcuts';
import type { EditorCommands } from './useEditorCommands';

/** The editor's commands plus the ones of panels the editor owns. */
export type ShortcutCommands = EditorCommands & { toggleTriggers(): void };

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'range', 'color', 'submit', 'reset'].includes(target.type);
}

function isOnCanvas(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  return target === document.body || target.closest('.react-flow') !== null;
}

const RUN: {
  [K in ShortcutAction['kind']]: (c: ShortcutCommands, a: Extract<ShortcutAction, { kind: K }>) => void;
} = {
  undo: (c) => c.undo(),
  redo: (c) => c.redo(),
  duplicate: (c) => c.duplicate(),
  selectAll: (c) => c.selectAll(),
  clearSelection: (c) => c.clearSelection(),
  nudge: (c, a) => c.nudge(a.dx, a.dy),
  layout: (c) => void c.autoLayout(),
  fitView: (c) => c.fitView(),
  zoomIn: (c) => c.zoomIn(),
  zoomOut: (c) => c.zoomOut(),
  toggleSnap: (c) => c.toggleSnap(),
  toggleTriggers: (c) => c.toggleTriggers(),
  help: (c) => c.openHelp(),
};

function run(commands: ShortcutCommands, action: ShortcutAction): void {
  (RUN[action.kind] as (c: ShortcutCommands, a: ShortcutAction) => void)(commands, action);
}

/**
 * Editor keyboard shortcuts. Listens in the capture phase so an arrow key moves the selection through
 * the document (one undo step per gesture) instead of React Flow's own, document-less nudge.
 */
export function useEditorShortcuts(commands: ShortcutCommands, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (document.querySelector('dialog[open]')) return;
      const action = shortcutFor(event, isTextField(event.target), isOnCanvas(event.target));
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      run(commands, action);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [commands, enabled]);
}
