import type { InputVariable, WorkflowGraph } from './graphTypes';
import { inputVariablesOf } from './nodes/input';

/** `unknown`: no Input node declares the name; `missing`: a required input has no value; `type`: the value does not fit. */
export type RunInputIssueKind = 'unknown' | 'missing' | 'type';

/** One thing wrong with a run's inputs, naming the input so a form can show it beside its field. */
export interface RunInputIssue {
  name: string;
  kind: RunInputIssueKind;
  message: string;
}

export interface ResolvedInputs {
  /** Every declared variable: the given value or its default. */
  inputs: Record<string, string>;
  /** Human-readable problems (the `message` of each issue), for logs and command lines. */
  problems: string[];
  issues: RunInputIssue[];
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The run inputs a workflow declares, one per name (a later declaration of a name wins, as at run time). */
export function declaredRunInputs(graph: WorkflowGraph): InputVariable[] {
  const byName = new Map<string, InputVariable>();
  for (const node of graph.nodes) for (const v of inputVariablesOf(node)) byName.set(v.name, v);
  return [...byName.values()];
}

/** What is wrong with one value for a declared input, or null when it fits. */
export function checkRunInput(variable: InputVariable, value: string): RunInputIssue | null {
  const { name } = variable;
  if (variable.required && value.trim() === '')
    return { name, kind: 'missing', message: `input "${name}" is required` };
  if (variable.type === 'number' && value !== '' && !NUMBER.test(value.trim()))
    return { name, kind: 'type', message: `input "${name}" must be a number, got ${JSON.stringify(value)}` };
  if (variable.type === 'boolean' && value !== '' && !['true', 'false'].includes(value.trim()))
    return {
      name,
      kind: 'type',
      message: `input "${name}" must be true or false, got ${JSON.stringify(value)}`,
    };
  return null;
}

/**
 * Applies Input-node defaults to the values a run was started with and checks them, so
 * `{{input.<name>}}` always resolves and a bad value is refused before anything runs: a name no Input
 * node declares (a typo would otherwise be ignored silently), a required input left empty, a value
 * that does not fit its declared type.
 */
export function resolveRunInputs(graph: WorkflowGraph, given: Record<string, string>): ResolvedInputs {
  const declared = declaredRunInputs(graph);
  const names = new Set(declared.map((v) => v.name));
  // A legacy Input node (no variables) takes a value by its id or its label.
  const legacy = graph.nodes.filter((n) => n.type === 'input' && inputVariablesOf(n).length === 0);
  const legacyKeys = new Set(legacy.flatMap((n) => [n.id, String(n.data.label ?? '')]).filter(Boolean));
  const takes = [...names, ...legacy.map((n) => String(n.data.label ?? '') || n.id)];
  const inputs: Record<string, string> = {};
  const issues: RunInputIssue[] = [];
  for (const [key, value] of Object.entries(given)) {
    if (names.has(key)) continue;
    if (legacyKeys.has(key)) {
      inputs[key] = value;
      continue;
    }
    const known = takes.length ? `; this workflow takes ${takes.join(', ')}` : '';
    issues.push({
      name: key,
      kind: 'unknown',
      message: `unknown input "${key}"${known || ': this workflow declares no inputs'}`,
    });
  }
  for (const variable of declared) {
    const value = Object.hasOwn(given, variable.name) ? (given[variable.name] ?? '') : variable.default;
    inputs[variable.name] = value;
    const issue = checkRunInput(variable, value);
    if (issue) issues.push(issue);
  }
  return { inputs, problems: issues.map((i) => i.message), issues };
}
