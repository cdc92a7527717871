// The only module that imports jotai: UI state shared across the editor's components lives here.
// None of it is synced: selection, previews and preferences are per person (presence goes through
// awareness, the graph through the document).
import type { Position } from '@synapse/schema';
import { atom, Provider, useAtom, useAtomValue, useSetAtom } from 'jotai';
import { atomWithStorage } from 'jotai/utils';

export { Provider as AtomScope, useAtom, useAtomValue, useSetAtom };

export interface Selection {
  nodes: readonly string[];
  edges: readonly string[];
}

export const EMPTY_SELECTION: Selection = { nodes: [], edges: [] };

/** What this person has selected on the canvas; the inspector shows the node when exactly one is. */
export const selectionAtom = atom<Selection>(EMPTY_SELECTION);

/** A short-lived notice for the editor, e.g. why a connection was refused. */
export interface EditorNotice {
  id: number;
  tone: 'info' | 'error';
  text: string;
}
export const editorNoticeAtom = atom<EditorNotice | null>(null);

let noticeSeq = 0;
/** Builds a notice with a fresh id, so the same text shown twice restarts its timer. */
export function notice(tone: EditorNotice['tone'], text: string): EditorNotice {
  noticeSeq += 1;
  return { id: noticeSeq, tone, text };
}

/** Positions shown instead of the document's while auto-layout animates (never written per frame). */
export const layoutPreviewAtom = atom<ReadonlyMap<string, Position> | null>(null);

export const shortcutHelpOpenAtom = atom(false);

/** Snap to grid is a personal preference, kept across sessions on this device. */
export const snapToGridAtom = atomWithStorage('synapse.editor.snapToGrid', true);
