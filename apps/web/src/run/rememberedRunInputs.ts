import type { InputVariable } from '@synapse/schema';

const PREFIX = 'synapse-run-inputs';

/** One entry per person and workflow, so a shared browser does not hand one person's inputs to another. */
function keyOf(userId: string, workflowId: string): string {
  return `${PREFIX}.${userId}.${workflowId}`;
}

/** The values this person last ran the workflow with on this device, or {} when none or unreadable. */
export function readRememberedInputs(userId: string, workflowId: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyOf(userId, workflowId)) ?? '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}

export function rememberInputs(userId: string, workflowId: string, values: Record<string, string>): void {
  try {
    localStorage.setItem(keyOf(userId, workflowId), JSON.stringify(values));
  } catch {
    // Storage blocked or full: the form starts from the defaults next time.
  }
}

/**
 * The values a run form starts with: for each declared input, the given value (a re-run's, or the
 * remembered one) else its default. Names the workflow no longer declares are dropped, so a renamed
 * input does not turn into an "unknown input" refusal.
 */
export function initialRunValues(
  variables: readonly InputVariable[],
  given: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    variables.map((v) => [v.name, Object.hasOwn(given, v.name) ? (given[v.name] as string) : v.default]),
  );
}
