// The only module that imports jotai: UI state shared across the editor's components lives here.
import { atom, Provider, useAtom, useAtomValue, useSetAtom } from 'jotai';

export { Provider as AtomScope, useAtom, useAtomValue, useSetAtom };

/** The node the inspector shows (per user; never synced — selection is local). */
export const selectedNodeIdAtom = atom<string | null>(null);

/** A short-lived notice for the editor, e.g. why a connection was refused. */
export interface EditorNotice {
  id: number;
  tone: 'info' | 'error';
  text: string;
}
export const editorNoticeAtom = atom<EditorNotice | null>(null);
