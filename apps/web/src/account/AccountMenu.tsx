import { Link } from '../routing/Link';
import { useRoute } from '../routing/useRoute';
import { ThemePicker } from '../theme/ThemePicker';
import { signOut } from './signOut';
import { useSession } from './useSession';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';

/** Header controls for the signed-in user: workspace switcher, settings, sign out. */
export function AccountMenu() {
  const state = useSession();
  const route = useRoute();
  const session = state?.session;
  if (!session) return null;
  const workspaceId = 'workspaceId' in route ? route.workspaceId : (session.workspaces[0]?.id ?? null);
  return (
    <div className="account-menu">
      <WorkspaceSwitcher workspaceId={workspaceId} />
      <details className="account-menu__details">
        <summary
          className="button button--ghost account-menu__summary"
          aria-label={`Account: ${session.user.name}`}
          data-testid="account-menu"
        >
          <span className="account-menu__avatar" aria-hidden="true">
            {session.user.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="account-menu__name">{session.user.name}</span>
        </summary>
        <div className="account-menu__list">
          {workspaceId && (
            <>
              <Link
                className="account-menu__item"
                href={`/w/${encodeURIComponent(workspaceId)}/settings/members`}
                data-testid="settings-link"
              >
                Members & invites
              </Link>
              <Link
                className="account-menu__item"
                href={`/w/${encodeURIComponent(workspaceId)}/settings/keys`}
              >
                Provider keys
              </Link>
              <Link
                className="account-menu__item"
                href={`/w/${encodeURIComponent(workspaceId)}/settings/audit`}
              >
                Audit log
              </Link>
            </>
          )}
          <ThemePicker userId={session.user.id} />
          <button
            type="button"
            className="account-menu__item"
            onClick={() => void signOut()}
            data-testid="sign-out"
          >
            Sign out
          </button>
        </div>
      </details>
      {state?.stale && (
        <span className="account-menu__offline muted" title="Using the session cached on this device">
          offline
        </span>
      )}
    </div>
  );
}
