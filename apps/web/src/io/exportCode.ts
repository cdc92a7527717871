import { ExportError, type ExportLanguage, exportFileName, exportWorkflow } from '@synapse/export';
import { deriveValidGraph, readWorkflow } from '@synapse/schema';
import type * as Y from 'yjs';

export type ExportedCode = { ok: true; text: string; fileName: string } | { ok: false; message: string };

/**
 * The workflow document as the program `synapse export --lang <lang>` writes: the same package does it
 * in the browser, so it works offline from the local replica. A graph Synapse would refuse to run
 * (a cycle, say) is reported with the reason instead.
 */
export function exportCode(doc: Y.Doc, lang: ExportLanguage): ExportedCode {
  const graph = deriveValidGraph(readWorkflow(doc)).graph;
  try {
    return { ok: true, text: exportWorkflow(graph, { lang }), fileName: exportFileName(graph.name, lang) };
  } catch (error) {
    if (error instanceof ExportError) return { ok: false, message: error.message };
    throw error;
  }
}
