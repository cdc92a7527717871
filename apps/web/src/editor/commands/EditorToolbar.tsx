import { snapToGridAtom, useAtomValue } from '../../state/atoms';
import type { EditorCommands } from './useEditorCommands';
import type { UndoControls } from './useUndoManager';

interface EditorToolbarProps {
  commands: EditorCommands;
  undo: UndoControls;
  readOnly: boolean;
}

/** Undo/redo, layout, snap and help: the keyboard shortcuts as buttons, for mouse and screen reader users. */
export function EditorToolbar({ commands, undo, readOnly }: EditorToolbarProps) {
  const snap = useAtomValue(snapToGridAtom);
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editing tools">
      <button
        type="button"
        className="icon-button"
        onClick={commands.undo}
        disabled={readOnly || !undo.canUndo}
        aria-label="Undo"
        title="Undo your last change (Ctrl+Z)"
        data-testid="undo-button"
      >
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <path d="M7.5 5 3.5 9l4 4M4 9h8a4.5 4.5 0 0 1 0 9h-2" />
        </svg>
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={commands.redo}
        disabled={readOnly || !undo.canRedo}
        aria-label="Redo"
        title="Redo (Ctrl+Shift+Z)"
        data-testid="redo-button"
      >
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <path d="M12.5 5l4 4-4 4M16 9H8a4.5 4.5 0 0 0 0 9h2" />
        </svg>
      </button>
      <span className="editor-toolbar__sep" aria-hidden="true" />
      <button
        type="button"
        className="icon-button"
        onClick={() => void commands.autoLayout()}
        disabled={readOnly}
        aria-label="Auto-layout"
        title="Auto-layout left to right (Shift+L)"
        data-testid="auto-layout-button"
      >
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <rect x="2" y="3" width="5" height="4" rx="1" />
          <rect x="2" y="13" width="5" height="4" rx="1" />
          <rect x="13" y="8" width="5" height="4" rx="1" />
          <path d="M7 5h3v10H7M10 10h3" />
        </svg>
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={commands.toggleSnap}
        aria-pressed={snap}
        aria-label="Snap to grid"
        title="Snap to grid (G)"
        data-testid="snap-button"
      >
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <path d="M3 7h14M3 13h14M7 3v14M13 3v14" />
        </svg>
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={commands.openHelp}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        data-testid="shortcuts-button"
      >
        ?
      </button>
    </div>
  );
}
