// The editor's worker: ELK layout and DAG/reference diagnostics of large graphs run here, so a
// 1,000-node workflow never blocks typing or dragging.
import { expose } from 'comlink';
import { diagnoseGraph } from '../diagnostics/diagnoseGraph';
import { layoutWithElk } from './layoutWithElk';

const api = { diagnose: diagnoseGraph, layout: layoutWithElk };

export type EditorWorkerApi = typeof api;

expose(api);
