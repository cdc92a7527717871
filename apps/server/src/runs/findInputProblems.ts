import { inputVariablesOf, type WorkflowGraph } from '@synapse/schema';

/**
 * What the run API refuses before a run starts (422): names no Input node declares, and declared inputs
 * without a default that were not given. The run service itself checks only the types of values, since the
 * Run button starts with defaults; a script should hear about a misspelt input instead of a run without it.
 */
export function findInputProblems(graph: WorkflowGraph, given: Record<string, unknown>): string[] {
  const declared = graph.nodes.flatMap(inputVariablesOf);
  const names = new Set(declared.map((v) => v.name));
  const problems: string[] = [];
  const unknown = Object.keys(given).filter((name) => !names.has(name));
  if (unknown.length > 0)
    problems.push(
      `unknown input${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; this workflow takes ${
        names.size > 0 ? [...names].map((n) => `"${n}"`).join(', ') : 'no inputs'
      }`,
    );
  for (const variable of declared) {
    if (variable.default === '' && !Object.hasOwn(given, variable.name))
      problems.push(`input "${variable.name}" is required (it has no default)`);
  }
  return problems;
}
