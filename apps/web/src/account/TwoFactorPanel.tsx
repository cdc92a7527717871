import type { TwoFactorSetup } from '@synapse/schema/api';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { RecoveryCodeList } from './RecoveryCodeList';
import { twoFactorApi } from './twoFactorApi';
import { useApiData } from './useApiData';
import { useFormAction } from './useFormAction';

/** This account's two-factor authentication: enrol with an authenticator app, see recovery codes once, turn off. */
export function TwoFactorPanel() {
  const [status, reload] = useApiData(() => twoFactorApi.status(), []);
  const [pending, setPending] = useState<TwoFactorSetup | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, act } = useFormAction();

  const start = act(async () => {
    setPending(await twoFactorApi.setup());
    setCode('');
  });
  const enable = act(async () => {
    const result = await twoFactorApi.enable(code);
    setRecoveryCodes(result.recoveryCodes);
    setPending(null);
    setCode('');
    reload();
  });
  const disable = act(async () => {
    await twoFactorApi.disable(code ? { code } : { password });
    setCode('');
    setPassword('');
    setRecoveryCodes(null);
    reload();
  });

  if (status.state === 'loading') return <ScreenMessage kind="loading" title="Loading…" />;
  if (status.state === 'error')
    return (
      <ScreenMessage kind="error" title="Could not load two-factor settings">
        {status.message}
      </ScreenMessage>
    );
  const { enabled, recoveryCodesLeft } = status.data;

  return (
    <section className="settings-section" aria-labelledby="two-factor-title" data-testid="two-factor-panel">
      <h2 id="two-factor-title" className="settings-section__subtitle">
        Two-factor authentication
      </h2>
      {error && (
        <Banner tone="error" testId="two-factor-error">
          {error}
        </Banner>
      )}
      {recoveryCodes && (
        // A reload forgets the documents this page saw refused before the second factor was set up.
        <RecoveryCodeList codes={recoveryCodes} onDone={() => location.reload()} />
      )}
      {enabled ? (
        <form className="two-factor__form" onSubmit={disable}>
          <p data-testid="two-factor-status">
            On. {recoveryCodesLeft} recovery code{recoveryCodesLeft === 1 ? '' : 's'} left.
          </p>
          <p className="muted">To turn it off, enter a current code from your app, or your password.</p>
          <label className="field">
            <span className="field__label">Code</span>
            <input
              className="field__input"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              data-testid="two-factor-disable-code"
            />
          </label>
          <label className="field">
            <span className="field__label">or password</span>
            <input
              className="field__input"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" className="button button--danger" disabled={busy || (!code && !password)}>
            Turn off two-factor authentication
          </button>
        </form>
      ) : pending ? (
        <form className="two-factor__form" onSubmit={enable}>
          <p>
            Scan this code with an authenticator app, or type the key into it, then enter the code it shows.
          </p>
          <img
            className="two-factor__qr"
            src={pending.qrCode}
            alt="QR code for your authenticator app"
            width={200}
            height={200}
          />
          <p>
            Key: <code data-testid="two-factor-secret">{pending.secret}</code>
          </p>
          <label className="field">
            <span className="field__label">Code from the app</span>
            <input
              className="field__input"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              pattern="[0-9 ]{6,7}"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              data-testid="two-factor-enable-code"
            />
          </label>
          <button
            type="submit"
            className="button button--primary"
            disabled={busy}
            data-testid="two-factor-enable"
          >
            Turn on
          </button>
        </form>
      ) : (
        <div>
          <p className="muted" data-testid="two-factor-status">
            Off. With two-factor authentication, signing in needs a code from an app on your phone as well as
            your password.
          </p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => start()}
            disabled={busy}
            data-testid="two-factor-setup"
          >
            Set up two-factor authentication
          </button>
        </div>
      )}
    </section>
  );
}
