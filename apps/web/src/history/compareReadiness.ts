/** Whether the picked runs can be compared, and the sentence that says so (or says why not). */
export interface CompareReadiness {
  ready: boolean;
  message: string;
}

interface PickedRun {
  workflowId: string;
}

/**
 * Comparison matches nodes by id, and ids are only shared by runs of one workflow: two different
 * workflows would show every node as "only in A" / "only in B". So the button stays off for them, and
 * this names both workflows so the reason is visible next to the button and read out with it.
 */
export function compareReadiness(
  picked: readonly PickedRun[],
  workflowNames: ReadonlyMap<string, string>,
): CompareReadiness {
  const [first, second] = picked;
  if (!first || !second)
    return { ready: false, message: 'Pick one more run of the same workflow to compare.' };
  if (first.workflowId === second.workflowId) return { ready: true, message: 'Two runs picked.' };
  const name = (id: string) => {
    const known = workflowNames.get(id);
    return known ? `“${known}”` : 'a deleted workflow';
  };
  const which =
    workflowNames.has(first.workflowId) || workflowNames.has(second.workflowId)
      ? `one run is of ${name(first.workflowId)}, the other of ${name(second.workflowId)}`
      : 'these runs are of two different (deleted) workflows';
  return {
    ready: false,
    message: `Cannot compare: ${which}. Runs are compared node by node, so pick two runs of the same workflow.`,
  };
}
