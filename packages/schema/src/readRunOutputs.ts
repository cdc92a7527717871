import type { RunSnapshot } from './runDoc';

/**
 * A finished run's Output nodes' text by label (the node id when unlabelled): what callers get back. The
 * runner stores it on the run's row when it ends the run; the server reads it from there.
 */
export function readRunOutputs(snapshot: RunSnapshot | null): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const node of snapshot?.graph?.nodes ?? []) {
    if (node.type === 'output')
      outputs[String(node.data.label || node.id)] = snapshot?.nodes[node.id]?.output ?? '';
  }
  return outputs;
}
