import type { Role } from '@synapse/schema/api';
import { ApiDataState } from '../components/ApiDataState';
import { Banner } from '../components/Banner';
import { accountApi } from './accountApi';
import { useApiData } from './useApiData';
import { useFormAction } from './useFormAction';

/**
 * The workspace's "single sign-on only" setting. When on, members who signed in with a password are refused
 * this workspace until they sign in with SSO; owners turn it on from an SSO session, so they keep access.
 */
export function SsoPanel({ workspaceId, role }: { workspaceId: string; role: Role | null }) {
  const [setting, reload] = useApiData(() => accountApi.workspaceSso(workspaceId), [workspaceId]);
  const { busy, error, act } = useFormAction();
  const change = (ssoOnly: boolean) =>
    act(async () => {
      await accountApi.setWorkspaceSso(workspaceId, ssoOnly);
      reload();
    })();

  return (
    <div className="settings-stack">
      <header className="settings-section__head">
        <h1 className="settings-section__title">Single sign-on</h1>
        <p className="muted">
          Require members to sign in through your identity provider. Password sessions are refused this
          workspace's pages, documents and API until the member signs in with single sign-on.
        </p>
      </header>
      {error && (
        <Banner tone="error" testId="sso-panel-error">
          {error}
        </Banner>
      )}
      <ApiDataState data={setting} reload={reload} loading="Loading…" failed="Could not load the setting" />
      {setting.state === 'ready' && (
        <label className="sso-panel__toggle">
          <input
            type="checkbox"
            checked={setting.data.ssoOnly}
            disabled={busy || role !== 'owner' || (!setting.data.available && !setting.data.ssoOnly)}
            onChange={(event) => change(event.target.checked)}
            data-testid="sso-only-toggle"
          />
          <span>
            Members must sign in with single sign-on
            {!setting.data.available && ' (single sign-on is not configured on this server)'}
            {setting.data.available && role !== 'owner' && ' (only owners can change this)'}
          </span>
        </label>
      )}
    </div>
  );
}
