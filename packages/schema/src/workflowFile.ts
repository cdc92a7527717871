import type { WorkflowGraph } from './graphTypes';
import { type CallChainProblem, findCallProblemSync, type SubworkflowCall } from './nodes/subworkflow';
import { normalizeGraph } from './normalizeGraph';
import { isPlainRecord } from './readUntrusted';
import { parseWorkflowGraph } from './workflowGraphSchema';

// A workflow as a JSON file (docs/workflow-file-format.md): what "Export" downloads and "Import"
// reads. The envelope is versioned on its own, independently of the document schema version.

export const WORKFLOW_FILE_FORMAT = 'synapse.workflow';
/** The newest file format version this reader reads (2: the `subworkflows` bundle). */
export const WORKFLOW_FILE_VERSION = 2;

/** A workflow a Sub-workflow node calls, carried in the file so it runs and exports offline. */
export interface BundledWorkflow {
  /**
   * The saved version `workflow` is. Under a `<workflowId>@` key (a call of the published version) it
   * records which version was published when the file was written.
   */
  versionId: string;
  workflow: WorkflowGraph;
}

/** Called graphs by `<workflowId>@<versionId>` (`subworkflowBundleKey`), every level of nesting. */
export type WorkflowBundle = Record<string, BundledWorkflow>;

export interface WorkflowFile {
  format: typeof WORKFLOW_FILE_FORMAT;
  /** 1, or 2 when the file carries `subworkflows` (older readers then say to update, not misread). */
  version: number;
  /** When the file was written, as an ISO 8601 UTC timestamp. */
  exportedAt: string;
  workflow: WorkflowGraph;
  subworkflows?: WorkflowBundle;
}

export type WorkflowFileResult =
  | { ok: true; graph: WorkflowGraph; subworkflows: WorkflowBundle }
  | { ok: false; message: string };

/** The bundle key of a call: `<workflowId>@<versionId>`, versionId '' for the published version. */
export function subworkflowBundleKey(call: { workflowId: string; versionId: string }): string {
  return `${call.workflowId}@${call.versionId}`;
}

/** The bundled graph a call runs, or null when the file does not carry it. */
export function bundledWorkflowOf(
  bundle: WorkflowBundle,
  call: { workflowId: string; versionId: string },
): BundledWorkflow | null {
  const key = subworkflowBundleKey(call);
  return Object.hasOwn(bundle, key) ? (bundle[key] as BundledWorkflow) : null;
}

/**
 * Why a Sub-workflow node cannot run (or export) from a file: the graph it calls is not bundled. Names
 * the node (and the workflow it sits in, when that is a called one) and says how to get a file with it.
 */
export function describeUnbundledCall(
  call: { label: string; workflowId: string; versionId: string },
  within?: string,
): string {
  const which = call.versionId ? `its pinned version ${call.versionId}` : 'its published version';
  return `${call.label}${within ? ` (in ${within})` : ''}: the workflow it calls (${call.workflowId}, ${which}) is not in this file. Download the workflow file from Synapse again (Export file bundles every workflow it calls) and use that file.`;
}

/**
 * Follows `graph`'s Sub-workflow calls through a file's bundle as run intake follows them through the
 * database (`findCallProblem`), for `synapse run` and export. The file does not carry its own workflow's
 * id, so a cycle through it is found one call later. A call the bundle lacks is a `missing` problem
 * saying so (`describeUnbundledCall`). `onResolved` sees each bundled workflow reached, once, in the
 * order first called.
 */
export function followBundledCalls(
  graph: WorkflowGraph,
  bundle: WorkflowBundle,
  onResolved?: (call: SubworkflowCall, bundled: BundledWorkflow, name: string) => void,
): CallChainProblem | null {
  const problem = findCallProblemSync({ workflowId: '', name: graph.name, graph }, (call) => {
    const bundled = bundledWorkflowOf(bundle, call);
    if (!bundled) return null;
    const name = bundled.workflow.name || call.workflowId;
    onResolved?.(call, bundled, name);
    return { name, graph: bundled.workflow };
  });
  if (problem?.kind !== 'missing') return problem;
  const within = problem.chain.length > 2 ? problem.chain.at(-2) : undefined;
  return { ...problem, message: describeUnbundledCall(problem.call, within) };
}

/**
 * The file for `graph`, written at `now` (epoch ms), with the graphs its sub-workflows call. The graphs
 * are copied, not referenced. Without a bundle it is a version 1 file, which older readers still read.
 */
export function toWorkflowFile(
  graph: WorkflowGraph,
  now: number,
  subworkflows?: WorkflowBundle,
): WorkflowFile {
  const bundled = subworkflows && Object.keys(subworkflows).length > 0;
  return {
    format: WORKFLOW_FILE_FORMAT,
    version: bundled ? 2 : 1,
    exportedAt: new Date(now).toISOString(),
    workflow: JSON.parse(JSON.stringify(graph)) as WorkflowGraph,
    ...(bundled ? { subworkflows: JSON.parse(JSON.stringify(subworkflows)) as WorkflowBundle } : {}),
  };
}

type GraphResult = { ok: true; graph: WorkflowGraph } | { ok: false; message: string };

function parseGraph(value: unknown, where: string): GraphResult {
  const parsed = parseWorkflowGraph(value);
  if (!parsed.ok) return { ok: false, message: `${where} is not a valid workflow:\n${parsed.message}` };
  // Strict shape first, then the same tolerant normalisation every reader applies (defaults for
  // missing fields, mistyped optional fields dropped, nodes and edges in id order).
  return { ok: true, graph: normalizeGraph(parsed.graph) };
}

const BUNDLE_KEY = /^[A-Za-z0-9_-]{1,64}@[A-Za-z0-9_-]{0,64}$/;

/** The `subworkflows` bundle: each key `<workflowId>@<versionId>`, each entry a valid workflow. */
function parseBundle(value: unknown): { ok: true; bundle: WorkflowBundle } | { ok: false; message: string } {
  if (value === undefined) return { ok: true, bundle: {} };
  if (!isPlainRecord(value))
    return { ok: false, message: 'The "subworkflows" in this file must be an object.' };
  const bundle: WorkflowBundle = {};
  for (const [key, entry] of Object.entries(value)) {
    const where = `The sub-workflow ${JSON.stringify(key)} in this file`;
    if (!BUNDLE_KEY.test(key))
      return { ok: false, message: `${where} is not keyed by "<workflowId>@<versionId>".` };
    if (!isPlainRecord(entry) || typeof entry.versionId !== 'string')
      return { ok: false, message: `${where} needs a "versionId" and a "workflow".` };
    const graph = parseGraph(entry.workflow, where);
    if (!graph.ok) return graph;
    bundle[key] = { versionId: entry.versionId, workflow: graph.graph };
  }
  return { ok: true, bundle };
}

function withBundle(graph: GraphResult, rawBundle?: unknown): WorkflowFileResult {
  if (!graph.ok) return graph;
  const bundle = parseBundle(rawBundle);
  if (!bundle.ok) return bundle;
  return { ok: true, graph: graph.graph, subworkflows: bundle.bundle };
}

/**
 * Reads a workflow file (the JSON text or the parsed value). Also accepts a bare `WorkflowGraph`
 * (`{ name, nodes, edges }`), as the API and `synapse run` take it. `subworkflows` is the bundle of
 * graphs the workflow's Sub-workflow nodes call ({} when the file carries none). Refuses files written by a newer
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
    if ('nodes' in value || 'edges' in value) return withBundle(parseGraph(value, 'This file'));
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
  // Version 1 files have no bundle; one found there anyway is read the same way.
  return withBundle(parseGraph(value.workflow, 'The "workflow" in this file'), value.subworkflows);
}
