import { ExportError, type ExportLanguage, exportFileName, exportWorkflow } from '@synapse/export';
import { deriveValidGraph, readWorkflow, type WorkflowBundle } from '@synapse/schema';
import type * as Y from 'yjs';

export type ExportedCode = { ok: true; text: string; fileName: string } | { ok: false; message: string };

/**
 * The workflow document as the program `synapse export --lang <lang>` writes: the same package does it
 * in the browser, so it works offline from the local replica. A graph Synapse would refuse to run
 * (a cycle, say) is reported with the reason instead. `subworkflows`: the graphs its Sub-workflow nodes
 * call (fetchSubworkflowBundle), planned into the same program.
 */
export function exportCode(doc: Y.Doc, lang: ExportLanguage, subworkflows?: WorkflowBundle): ExportedCode {
  const graph = deriveValidGraph(readWorkflow(doc)).graph;
  try {
    return {
      ok: true,
      text: exportWorkflow(graph, { lang, ...(subworkflows ? { subworkflows } : {}) }),
      fileName: exportFileName(graph.name, lang),
    };
  } catch (error) {
    if (error instanceof ExportError) return { ok: false, message: error.message };
    throw error;
  }
}
