/** Placeholder until the sub-workflow settings panel lands ([nodes] issue 15). */
export function SubworkflowSettings() {
  return <p className="field__hint">Calls another workflow of this workspace.</p>;
}
