import type { WorkflowGraph } from './graphTypes';
import { inputVariablesOf } from './normalizeGraph';

export interface ResolvedInputs {
  /** Every declared variable (given value or its default) plus any extra values given. */
  inputs: Record<string, string>;
  /** Human-readable problems: values that do not fit their declared type. */
  problems: string[];
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Applies Input-node defaults to the values a run was started with and checks declared types, so
 * `{{input.<name>}}` always resolves and a bad value is refused before anything runs.
 */
export function resolveRunInputs(graph: WorkflowGraph, given: Record<string, string>): ResolvedInputs {
  const inputs: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(given)) if (key !== '__proto__') inputs[key] = value;
  for (const node of graph.nodes) {
    for (const variable of inputVariablesOf(node)) {
      const value = Object.hasOwn(given, variable.name) ? (given[variable.name] ?? '') : variable.default;
      inputs[variable.name] = value;
      if (variable.type === 'number' && value !== '' && !NUMBER.test(value.trim()))
        problems.push(`input "${variable.name}" must be a number, got ${JSON.stringify(value)}`);
      if (variable.type === 'boolean' && value !== '' && !['true', 'false'].includes(value.trim()))
        problems.push(`input "${variable.name}" must be true or false, got ${JSON.stringify(value)}`);
    }
  }
  return { inputs, problems };
}
