import type { WorkflowGraph } from './graphTypes';
import { normalizeGraph } from './normalizeGraph';
import { isPlainRecord } from './readUntrusted';
import { parseWorkflowGraph } from './workflowGraphSchema';

// A workflow as a JSON file (docs/workflow-file-format.md): what "Export" downloads and "Import"
// reads. The envelope is versioned on its own, independently of the document schema version.

export const WORKFLOW_FILE_FORMAT = 'synapse.workflow';
export const WORKFLOW_FILE_VERSION = 1;

export interface WorkflowFile {
  format: typeof WORKFLOW_FILE_FORMAT;
  version: number;
  /** When the file was written, as an ISO 8601 UTC timestamp. */
  exportedAt: string;
  workflow: WorkflowGraph;
}

export type WorkflowFileResult = { ok: true; graph: WorkflowGraph } | { ok: false; message: string };

/** The file for `graph`, written at `now` (epoch ms). The graph is copied, not referenced. */
export function toWorkflowFile(graph: WorkflowGraph, now: number): WorkflowFile {
  return {
    format: WORKFLOW_FILE_FORMAT,
    version: WORKFLOW_FILE_VERSION,
    exportedAt: new Date(now).toISOString(),
    workflow: JSON.parse(JSON.stringify(graph)) as WorkflowGraph,
  };
}

function parseGraph(value: unknown, where: string): WorkflowFileResult {
  const parsed = parseWorkflowGraph(value);
  if (!parsed.ok) return { ok: false, message: `${where} is not a valid workflow:\n${parsed.message}` };
  // Strict shape first, then the same tolerant normalisation every reader applies (defaults for
  // missing fields, mistyped optional fields dropped, nodes and edges in id order).
  return { ok: true, graph: normalizeGraph(parsed.graph) };
}

/**
 * Reads a workflow file (the JSON text or the parsed value). Also accepts a bare `WorkflowGraph`
 * (`{ name, nodes, edges }`), as the API and `synapse run` take it. Refuses files written by a newer
 * format version with a message that says so, rather than guessing at fields it does not know.
 */
export function parseWorkflowFile(input: unknown): WorkflowFileResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `This file is not JSON (${detail}).` };
    }
  }
  if (!isPlainRecord(value)) {
    return { ok: false, message: 'This file does not contain a workflow: expected a JSON object.' };
  }
  if (!('format' in value)) {
    if ('nodes' in value || 'edges' in value) return parseGraph(value, 'This file');
    return {
      ok: false,
      message: `This file is not a Synapse workflow: it has no "format": "${WORKFLOW_FILE_FORMAT}" and no nodes.`,
    };
  }
  if (value.format !== WORKFLOW_FILE_FORMAT) {
    return {
      ok: false,
      message: `This file is not a Synapse workflow: its format is ${JSON.stringify(value.format)}, not "${WORKFLOW_FILE_FORMAT}".`,
    };
  }
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: `This workflow file has an invalid version: ${JSON.stringify(version)}.` };
  }
  if (version > WORKFLOW_FILE_VERSION) {
    return {
      ok: false,
      message: `This workflow file was written by a newer version of Synapse (file format version ${version}; this version reads up to ${WORKFLOW_FILE_VERSION}). Update Synapse to import it.`,
    };
  }
  if (!('workflow' in value)) return { ok: false, message: 'This workflow file has no "workflow".' };
  return parseGraph(value.workflow, 'The "workflow" in this file');
}
