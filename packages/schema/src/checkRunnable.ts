import { ErrorCodes } from './errorCodes';
import {
  describeUnknownReference,
  findUnknownReferences,
  type UnknownReference,
} from './findUnknownReferences';
import type { WorkflowGraph } from './graphTypes';
import { duplicateKeys } from './nodeKeys';
import type { RunnableIssue } from './nodes/NodeDefinition';
import { nodeDefinition } from './nodes/nodeDefinitions';
import { type RunInputIssue, resolveRunInputs } from './resolveRunInputs';
import { validateGraph } from './validateGraph';

export type RunnableErrorCode =
  | typeof ErrorCodes.dagCycle
  | typeof ErrorCodes.dagEmpty
  | typeof ErrorCodes.nodeInvalidConfig
  | typeof ErrorCodes.dagUnknownReference
  | typeof ErrorCodes.runInputs;

export type RunnableCheck =
  | {
      ok: true;
      /** The derived valid graph that runs. */
      graph: WorkflowGraph;
      /** Execution order (Kahn, ties by id). */
      order: string[];
      /** The run inputs after defaults (empty when none were given to check). */
      inputs: Record<string, string>;
    }
  | {
      ok: false;
      /** The code of the first stage that failed: graph, node settings, references, inputs. */
      code: RunnableErrorCode;
      /** One sentence for people: the first issue. */
      message: string;
      /** Every issue of that stage, each naming its node (and field) where it has one. */
      issues: RunnableIssue[];
      /**
       * What the API returns as `error.details`: `{ edges }` for a cycle, `{ issues }` for node
       * settings, `{ references }` for unknown references, `{ problems, issues }` for run inputs.
       */
      details: Record<string, unknown>;
    };

/**
 * The one answer to "can this graph run (with these inputs)?", asked by the server's run intake, the
 * runner (again, on the frozen version), `synapse run` and export. Checks in order, stopping at the
 * first stage with problems: the graph (something to run, no cycle), each node's settings (its type's
 * `config` and `check`, packages/schema/src/nodes), template references, and — when `inputs` is given
 * — the run inputs.
 */
export function checkRunnable(raw: WorkflowGraph, inputs?: Record<string, string>): RunnableCheck {
  const validation = validateGraph(raw);
  if (!validation.ok) {
    const { code, message, edges } = validation.error;
    return { ok: false, code, message, issues: [{ code, message }], details: { edges } };
  }
  const { graph, order } = validation;
  const labels = new Map(graph.nodes.map((n) => [n.id, n.data.label || n.id]));
  const nameOf = (id: string) => labels.get(id) ?? id;

  const configIssues = findNodeConfigIssues(graph);
  if (configIssues.length > 0)
    return failed(ErrorCodes.nodeInvalidConfig, configIssues, { issues: configIssues });

  const unknown = findUnknownReferences(graph);
  if (unknown.length > 0) {
    const issues = unknown.map((reference) => referenceIssue(reference, nameOf));
    return failed(ErrorCodes.dagUnknownReference, issues, { references: unknown });
  }

  if (inputs === undefined) return { ok: true, graph, order, inputs: {} };
  const resolved = resolveRunInputs(graph, inputs);
  if (resolved.issues.length > 0) {
    return {
      ok: false,
      code: ErrorCodes.runInputs,
      message: resolved.problems.join('; '),
      issues: resolved.issues.map(inputIssue),
      details: { problems: resolved.problems, issues: resolved.issues },
    };
  }
  return { ok: true, graph, order, inputs: resolved.inputs };
}

function failed(
  code: RunnableErrorCode,
  issues: RunnableIssue[],
  details: Record<string, unknown>,
): RunnableCheck {
  return { ok: false, code, message: issues[0]?.message ?? code, issues, details };
}

function referenceIssue(reference: UnknownReference, nameOf: (id: string) => string): RunnableIssue {
  return {
    code: ErrorCodes.dagUnknownReference,
    message: describeUnknownReference(reference, nameOf),
    nodeId: reference.nodeId,
    field: reference.field,
  };
}

function inputIssue(issue: RunInputIssue): RunnableIssue {
  return { code: ErrorCodes.runInputs, message: issue.message, field: issue.name };
}

/**
 * What is wrong with the nodes' settings of a valid graph: each executable node's type `config` and
 * `check`, and keys two nodes hold (a merge). The editor shows these; `checkRunnable` refuses them.
 */
export function findNodeConfigIssues(graph: WorkflowGraph): RunnableIssue[] {
  const labels = new Map(graph.nodes.map((n) => [n.id, n.data.label || n.id]));
  const nameOf = (id: string) => labels.get(id) ?? id;
  const configIssues: RunnableIssue[] = [];
  for (const node of graph.nodes) {
    const definition = nodeDefinition(node.type);
    if (!definition.executable) continue;
    const parsed = definition.config.safeParse(definition.read(node));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
        configIssues.push({
          code: ErrorCodes.nodeInvalidConfig,
          message: `${nameOf(node.id)}: ${issue.message}`,
          nodeId: node.id,
          ...(field ? { field } : {}),
        });
      }
    }
    configIssues.push(...(definition.check?.(node, { graph, nameOf }) ?? []));
  }
  for (const duplicate of duplicateKeys(graph)) {
    configIssues.push({
      code: ErrorCodes.nodeInvalidConfig,
      message: `${nameOf(duplicate.nodeId)}: the key "${duplicate.key}" is ${nameOf(duplicate.heldBy)}'s already; keys name nodes in {{nodes.<key>.output}} and must be unique`,
      nodeId: duplicate.nodeId,
      field: 'key',
    });
  }
  return configIssues;
}
