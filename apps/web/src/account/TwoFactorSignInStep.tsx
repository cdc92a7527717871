import { useState } from 'react';
import { Banner } from '../components/Banner';
import { finishSignIn } from './finishSignIn';
import { twoFactorApi } from './twoFactorApi';
import { useFormAction } from './useFormAction';

/** Sign-in's second step: a code from the authenticator app, or one of the recovery codes. */
export function TwoFactorSignInStep({ challenge, target }: { challenge: string; target: string }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const { busy, error, act } = useFormAction();
  const submit = act(async () => {
    const session = await twoFactorApi.signIn(
      useRecovery ? { challenge, recoveryCode: value } : { challenge, code: value },
    );
    await finishSignIn(session, target);
  });

  return (
    <form className="auth-form" onSubmit={submit} aria-busy={busy}>
      {error && (
        <Banner tone="error" testId="auth-error">
          {error}
        </Banner>
      )}
      <label className="field">
        <span className="field__label">
          {useRecovery ? 'Recovery code' : 'Code from your authenticator app'}
        </span>
        <input
          className="field__input"
          name="code"
          inputMode={useRecovery ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          required
          // biome-ignore lint/a11y/noAutofocus: the only field of this step, reached by submitting the last one.
          autoFocus
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid="auth-code"
        />
      </label>
      <button
        type="submit"
        className="button button--primary auth-form__submit"
        disabled={busy}
        data-testid="auth-code-submit"
      >
        {busy ? 'Please wait…' : 'Verify'}
      </button>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setUseRecovery(!useRecovery);
          setValue('');
        }}
      >
        {useRecovery ? 'Use a code from the app' : 'Use a recovery code'}
      </button>
    </form>
  );
}
