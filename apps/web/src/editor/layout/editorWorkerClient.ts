import { type Remote, wrap } from 'comlink';
import type { EditorWorkerApi } from './editorWorker';

let remote: Remote<EditorWorkerApi> | null = null;

/** One worker per tab, started on first use (ELK is 1.6 MB; most sessions never lay out). */
export function editorWorker(): Remote<EditorWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./editorWorker.ts', import.meta.url), {
      type: 'module',
      name: 'synapse-editor',
    });
    remote = wrap<EditorWorkerApi>(worker);
  }
  return remote;
}
