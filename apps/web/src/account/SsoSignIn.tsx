import { isSsoErrorReason, SSO_ERROR_MESSAGES } from '@synapse/schema/api';
import { useEffect, useState } from 'react';
import { Banner } from '../components/Banner';
import { accountApi } from './accountApi';

/** Why the last SSO attempt failed, from `?sso_error=` (a fixed table: a link cannot put its own text here). */
function takeSsoError(): string | null {
  const params = new URLSearchParams(window.location.search);
  const reason = params.get('sso_error');
  if (reason === null) return null;
  params.delete('sso_error');
  const query = params.toString();
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${query ? `?${query}` : ''}`,
  );
  return isSsoErrorReason(reason) ? SSO_ERROR_MESSAGES[reason] : SSO_ERROR_MESSAGES.failed;
}

/**
 * "Sign in with <provider>" when the server has single sign-on configured: a plain navigation to the
 * server, which redirects to the identity provider and back. Shows why the last attempt failed.
 */
export function SsoSignIn() {
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(takeSsoError());
    accountApi.ssoInfo().then(
      (info) => setName(info.sso?.name ?? null),
      () => setName(null),
    );
  }, []);

  return (
    <>
      {error && (
        <Banner tone="error" onDismiss={() => setError(null)} testId="sso-error">
          {error}
        </Banner>
      )}
      {name && (
        <div className="sso-sign-in">
          <a
            className="button button--ghost sso-sign-in__button"
            href="/api/auth/sso/start"
            data-testid="sso-sign-in"
          >
            Sign in with {name}
          </a>
          <span className="sso-sign-in__or muted">or with your email and password</span>
        </div>
      )}
    </>
  );
}
