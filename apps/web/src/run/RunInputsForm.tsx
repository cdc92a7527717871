import type { InputVariable } from '@synapse/schema';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { RunInputField } from './RunInputField';
import './runForm.css';
import { checkRunForm, hasErrors, NO_ERRORS, type RunFormErrors, runFormErrorsOf } from './runFormErrors';

interface RunInputsFormProps {
  open: boolean;
  title: string;
  variables: readonly InputVariable[];
  /** The values the form opens with (remembered ones, or a re-run's). */
  initial: Record<string, string>;
  /** Starts the run; a rejection (an ApiError with issues) is shown in the form. */
  onSubmit(values: Record<string, string>): Promise<void>;
  onClose(): void;
}

/**
 * The run form: one field per declared run input with its type, default and description, required
 * ones marked, problems shown beside the field. Enter submits (Mod+Enter from a multi-line field).
 */
export function RunInputsForm({ open, title, variables, initial, onSubmit, onClose }: RunInputsFormProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<RunFormErrors>(NO_ERRORS);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setValues(initial);
      setErrors(NO_ERRORS);
      setTried(false);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, initial]);

  const change = (name: string, value: string) => {
    const next = { ...values, [name]: value };
    setValues(next);
    if (tried) setErrors(checkRunForm(variables, next));
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setTried(true);
    const local = checkRunForm(variables, values);
    setErrors(local);
    if (hasErrors(local)) return;
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (error) {
      setErrors(runFormErrorsOf(error, variables));
    } finally {
      setBusy(false);
    }
  };

  const defaults = () => {
    const next = Object.fromEntries(variables.map((v) => [v.name, v.default]));
    setValues(next);
    if (tried) setErrors(checkRunForm(variables, next));
  };

  return (
    <dialog
      ref={ref}
      className="run-form"
      aria-labelledby="run-form-title"
      onClose={onClose}
      data-testid="run-form"
    >
      <form
        method="dialog"
        onSubmit={submit}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void submit(event);
        }}
        noValidate
      >
        <header className="run-form__header">
          <h2 id="run-form-title">{title}</h2>
        </header>
        {errors.form.length > 0 && (
          <ul className="run-form__problems" role="alert" data-testid="run-form-problems">
            {errors.form.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
        <div className="run-form__fields">
          {variables.map((variable, index) => (
            <RunInputField
              key={variable.name}
              variable={variable}
              value={values[variable.name] ?? ''}
              error={errors.fields[variable.name] ?? null}
              autoFocus={index === 0}
              onChange={(value) => change(variable.name, value)}
            />
          ))}
        </div>
        <footer className="run-form__actions">
          <button
            type="button"
            className="button button--ghost"
            onClick={defaults}
            data-testid="run-form-defaults"
          >
            Reset to defaults
          </button>
          <span className="run-form__spacer" />
          <button type="button" className="button" onClick={onClose} data-testid="run-form-cancel">
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={busy}
            data-testid="run-form-submit"
          >
            {busy ? 'Starting…' : 'Run'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
