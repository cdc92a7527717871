/** The keyboard shortcuts, as shown in the `?` dialog. "Mod" is Ctrl, or ⌘ on a Mac. */
export const SHORTCUT_GROUPS: readonly {
  title: string;
  items: readonly { keys: string[]; action: string }[];
}[] = [
  {
    title: 'Edit',
    items: [
      { keys: ['Mod', 'Z'], action: 'Undo your last change' },
      { keys: ['Mod', 'Shift', 'Z'], action: 'Redo' },
      { keys: ['Mod', 'Y'], action: 'Redo' },
      { keys: ['Mod', 'C'], action: 'Copy selected nodes' },
      { keys: ['Mod', 'X'], action: 'Cut selected nodes' },
      { keys: ['Mod', 'V'], action: 'Paste nodes (also from another workflow or tab)' },
      { keys: ['Mod', 'D'], action: 'Duplicate selected nodes' },
      { keys: ['Delete'], action: 'Delete selection' },
    ],
  },
  {
    title: 'Select and move',
    items: [
      { keys: ['Mod', 'A'], action: 'Select everything' },
      { keys: ['Shift', 'Click'], action: 'Add to the selection' },
      { keys: ['Shift', 'Drag'], action: 'Select with a box' },
      { keys: ['Arrows'], action: 'Nudge selected nodes' },
      { keys: ['Shift', 'Arrows'], action: 'Nudge ten times further' },
      { keys: ['Esc'], action: 'Clear the selection' },
    ],
  },
  {
    title: 'Canvas',
    items: [
      { keys: ['Shift', 'L'], action: 'Auto-layout (left to right)' },
      { keys: ['Shift', '1'], action: 'Fit the workflow in view' },
      { keys: ['+'], action: 'Zoom in' },
      { keys: ['-'], action: 'Zoom out' },
      { keys: ['G'], action: 'Snap to grid on/off' },
      { keys: ['T'], action: 'Triggers: API, webhooks and schedules' },
      { keys: ['?'], action: 'Show these shortcuts' },
    ],
  },
];

export const NUDGE_STEP = 2;
export const NUDGE_FAST = NUDGE_STEP * 10;

export type ShortcutAction =
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'duplicate' }
  | { kind: 'selectAll' }
  | { kind: 'clearSelection' }
  | { kind: 'nudge'; dx: number; dy: number }
  | { kind: 'layout' }
  | { kind: 'fitView' }
  | { kind: 'zoomIn' }
  | { kind: 'zoomOut' }
  | { kind: 'toggleSnap' }
  | { kind: 'toggleTriggers' }
  | { kind: 'help' };

export interface KeyInput {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
};

/**
 * Maps a key press to an editor action. `inField`: focus is in a text field, where only undo/redo
 * are ours (the document's per-user undo replaces the field's own). `onCanvas`: focus is on the
 * canvas or nowhere, where arrows and Escape act on the selection.
 */
export function shortcutFor(e: KeyInput, inField: boolean, onCanvas: boolean): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (key === 'z') return e.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if (key === 'y' && !e.shiftKey) return { kind: 'redo' };
    if (inField) return null;
    if (key === 'd') return { kind: 'duplicate' };
    if (key === 'a') return { kind: 'selectAll' };
    return null;
  }
  if (inField || e.altKey || mod) return null;
  const arrow = ARROWS[e.key];
  if (arrow && onCanvas) {
    const step = e.shiftKey ? NUDGE_FAST : NUDGE_STEP;
    return { kind: 'nudge', dx: arrow[0] * step, dy: arrow[1] * step };
  }
  if (e.key === 'Escape' && onCanvas) return { kind: 'clearSelection' };
  if (e.key === '?') return { kind: 'help' };
  if (e.shiftKey && (key === 'l' || e.code === 'KeyL')) return { kind: 'layout' };
  if (e.shiftKey && (e.key === '!' || e.code === 'Digit1')) return { kind: 'fitView' };
  if (e.key === '+' || e.key === '=') return { kind: 'zoomIn' };
  if (e.key === '-' || e.key === '_') return { kind: 'zoomOut' };
  if (key === 'g' && !e.shiftKey) return { kind: 'toggleSnap' };
  if (key === 't' && !e.shiftKey) return { kind: 'toggleTriggers' };
  return null;
}
