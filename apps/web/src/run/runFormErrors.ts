import { checkRunInput, type InputVariable } from '@synapse/schema';
import { ApiError } from '../api/ApiError';

/** Messages by input name, plus those that belong to no field (an unknown input, a failed request). */
export interface RunFormErrors {
  fields: Record<string, string>;
  form: string[];
}

export const NO_ERRORS: RunFormErrors = { fields: {}, form: [] };

/** What the form can tell before asking the server: required inputs left empty, mistyped values. */
export function checkRunForm(
  variables: readonly InputVariable[],
  values: Record<string, string>,
): RunFormErrors {
  const fields: Record<string, string> = {};
  for (const v of variables) {
    const issue = checkRunInput(v, values[v.name] ?? '');
    if (issue) fields[v.name] = issue.message;
  }
  return { fields, form: [] };
}

/** A refused start as form errors: the server's issues beside their fields, anything else on top. */
export function runFormErrorsOf(error: unknown, variables: readonly InputVariable[]): RunFormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, form: [String(error)] };
  const issues = Array.isArray(error.details.issues) ? error.details.issues : [];
  const names = new Set(variables.map((v) => v.name));
  const fields: Record<string, string> = {};
  const form: string[] = [];
  for (const issue of issues) {
    const name = typeof issue?.name === 'string' ? issue.name : '';
    const message = typeof issue?.message === 'string' ? issue.message : '';
    if (!message) continue;
    if (names.has(name) && issue.kind !== 'unknown') fields[name] = message;
    else form.push(message);
  }
  if (Object.keys(fields).length === 0 && form.length === 0) form.push(error.message);
  return { fields, form };
}

export function hasErrors(errors: RunFormErrors): boolean {
  return errors.form.length > 0 || Object.keys(errors.fields).length > 0;
}
