import type { InputVariable, SubworkflowInput } from '@synapse/schema';

/** One input the called version declares, with the template the node gives it ('' when it has none). */
export interface SubworkflowInputRow {
  variable: InputVariable;
  value: string;
  /** Its position in the node's stored `inputs` (what `inputs.<i>` problems name), or -1 when unset. */
  index: number;
}

export interface SubworkflowInputRows {
  /** One row per declared input, in the order the called version declares them. */
  rows: SubworkflowInputRow[];
  /** Stored values for inputs the called version no longer declares (the run ignores them). */
  extra: (SubworkflowInput & { index: number })[];
}

/** Lines up the node's stored input values with the inputs the called version declares. */
export function subworkflowInputRows(
  declared: readonly InputVariable[],
  stored: readonly SubworkflowInput[],
): SubworkflowInputRows {
  const names = new Set(declared.map((v) => v.name));
  const rows = declared.map((variable) => {
    const index = stored.findIndex((s) => s.name === variable.name);
    return { variable, value: index >= 0 ? (stored[index]?.value ?? '') : '', index };
  });
  const extra = stored.flatMap((s, index) => (names.has(s.name) ? [] : [{ ...s, index }]));
  return { rows, extra };
}

/** The stored inputs with `name` set to `value` (appended when new); other rows keep their places. */
export function withSubworkflowInput(
  stored: readonly SubworkflowInput[],
  name: string,
  value: string,
): SubworkflowInput[] {
  const next = stored.map((s) => (s.name === name ? { name, value } : { ...s }));
  if (!stored.some((s) => s.name === name)) next.push({ name, value });
  return next;
}

/** The stored inputs without `name`. */
export function withoutSubworkflowInput(
  stored: readonly SubworkflowInput[],
  name: string,
): SubworkflowInput[] {
  return stored.filter((s) => s.name !== name).map((s) => ({ ...s }));
}
