import { AppHeader } from '../components/AppHeader';
import { PageCrumbs } from '../history/PageCrumbs';
import { Link } from '../routing/Link';
import { AuditPanel } from './AuditPanel';
import { KeysPanel } from './KeysPanel';
import { MembersPanel } from './MembersPanel';
import { SecretsPanel } from './SecretsPanel';
import { SsoPanel } from './SsoPanel';
import { TwoFactorPanel } from './TwoFactorPanel';
import { useSession } from './useSession';
import { WorkspaceTwoFactorSetting } from './WorkspaceTwoFactorSetting';

export type SettingsTab = 'members' | 'keys' | 'secrets' | 'audit' | 'sso' | 'security';

const TABS: { id: SettingsTab; label: string }[] = [
  { id: 'members', label: 'Members & invites' },
  { id: 'keys', label: 'Provider keys' },
  { id: 'secrets', label: 'Secrets' },
  { id: 'audit', label: 'Audit log' },
  { id: 'sso', label: 'Single sign-on' },
  { id: 'security', label: 'Security' },
];

/** A workspace's members, provider keys, secrets, audit log and single sign-on setting. */
export function SettingsScreen({ workspaceId, tab }: { workspaceId: string; tab: SettingsTab }) {
  const session = useSession()?.session;
  const workspace = session?.workspaces.find((w) => w.id === workspaceId);
  const role = workspace?.role ?? null;
  const base = `/w/${encodeURIComponent(workspaceId)}`;
  return (
    <div className="app-shell">
      <AppHeader>
        <PageCrumbs workspaceId={workspaceId} current="Settings" />
      </AppHeader>
      <main className="settings-page">
        <nav className="settings-tabs" aria-label="Workspace settings">
          {TABS.map((t) => (
            <Link
              key={t.id}
              href={`${base}/settings/${t.id}`}
              className={`settings-tabs__tab${t.id === tab ? ' settings-tabs__tab--current' : ''}`}
              aria-current={t.id === tab ? 'page' : undefined}
              data-testid={`settings-tab-${t.id}`}
            >
              {t.label}
            </Link>
          ))}
        </nav>
        <section className="settings-panel">
          {tab === 'members' && (
            <MembersPanel workspaceId={workspaceId} role={role} selfId={session?.user.id ?? ''} />
          )}
          {tab === 'keys' && <KeysPanel workspaceId={workspaceId} role={role} />}
          {tab === 'secrets' && <SecretsPanel workspaceId={workspaceId} role={role} />}
          {tab === 'audit' && <AuditPanel workspaceId={workspaceId} role={role} />}
          {tab === 'sso' && <SsoPanel workspaceId={workspaceId} role={role} />}
          {tab === 'security' && (
            <div className="settings-stack">
              <TwoFactorPanel />
              <WorkspaceTwoFactorSetting workspaceId={workspaceId} role={role} />
            </div>
          )}
        </section>
      </main>
    </div>
  );
}
