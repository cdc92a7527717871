import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/errorMessage';
import { Banner } from '../components/Banner';

export interface AccountFormValues {
  name: string;
  email: string;
  password: string;
}

interface AccountFormProps {
  mode: 'sign-in' | 'sign-up';
  submitLabel: string;
  onSubmit(values: AccountFormValues): Promise<void>;
}

/** Email and password (and a name, to sign up): labelled, keyboard-first, with the server's error shown. */
export function AccountForm({ mode, submitLabel, onSubmit }: AccountFormProps) {
  const [values, setValues] = useState<AccountFormValues>({ name: '', email: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof AccountFormValues) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <form className="auth-form" onSubmit={submit} aria-busy={busy}>
      {error && (
        <Banner tone="error" testId="auth-error">
          {error}
        </Banner>
      )}
      {mode === 'sign-up' && (
        <label className="field">
          <span className="field__label">Your name</span>
          <input
            className="field__input"
            name="name"
            autoComplete="name"
            required
            maxLength={100}
            value={values.name}
            onChange={set('name')}
            data-testid="auth-name"
          />
        </label>
      )}
      <label className="field">
        <span className="field__label">Email</span>
        <input
          className="field__input"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={values.email}
          onChange={set('email')}
          data-testid="auth-email"
        />
      </label>
      <label className="field">
        <span className="field__label">Password</span>
        <input
          className="field__input"
          name="password"
          type="password"
          autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
          required
          minLength={mode === 'sign-up' ? 10 : 1}
          value={values.password}
          onChange={set('password')}
          data-testid="auth-password"
          aria-describedby={mode === 'sign-up' ? 'password-hint' : undefined}
        />
        {mode === 'sign-up' && (
          <span className="field__hint" id="password-hint">
            At least 10 characters.
          </span>
        )}
      </label>
      <button
        type="submit"
        className="button button--primary auth-form__submit"
        disabled={busy}
        data-testid="auth-submit"
      >
        {busy ? 'Please wait…' : submitLabel}
      </button>
    </form>
  );
}
