import type { Role } from '@synapse/schema/api';
import { useState } from 'react';
import { errorMessage } from '../api/errorMessage';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { accountApi } from './accountApi';
import { formatTime } from './formatTime';
import { InvitesPanel } from './InvitesPanel';
import { useApiData } from './useApiData';
import { useSession } from './useSession';

const ROLES: Role[] = ['owner', 'editor', 'viewer'];

/** Who is in the workspace and with which role; owners change roles, remove members and invite. */
export function MembersPanel({
  workspaceId,
  role,
  selfId,
}: {
  workspaceId: string;
  role: Role | null;
  selfId: string;
}) {
  const session = useSession();
  const [members, reload] = useApiData(() => accountApi.members(workspaceId), [workspaceId]);
  const [notice, setNotice] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const isOwner = role === 'owner';

  const act = async (work: () => Promise<unknown>, done: string) => {
    setNotice(null);
    try {
      await work();
      setNotice({ tone: 'info', text: done });
      reload();
      await session?.refresh();
    } catch (error) {
      setNotice({ tone: 'error', text: errorMessage(error) });
    }
  };

  return (
    <div className="settings-stack">
      <header className="settings-section__head">
        <h1 className="settings-section__title">Members</h1>
        <p className="muted">
          Owners manage members, invites and keys. Editors edit workflows and run them. Viewers see everything
          live but cannot change anything.
        </p>
      </header>
      {notice && (
        <Banner tone={notice.tone} onDismiss={() => setNotice(null)}>
          {notice.text}
        </Banner>
      )}
      {members.state === 'loading' && <ScreenMessage kind="loading" title="Loading members…" />}
      {members.state === 'error' && (
        <ScreenMessage kind="error" title="Could not load the members">
          {members.message}
        </ScreenMessage>
      )}
      {members.state === 'ready' && (
        <div className="table-scroll">
          <table className="data-table" data-testid="members-table">
            <caption className="sr-only">Workspace members</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.members.map((m) => (
                <tr key={m.userId} data-testid={`member-${m.userId}`}>
                  <td>
                    {m.name}
                    {m.userId === selfId && <span className="muted"> (you)</span>}
                  </td>
                  <td className="muted">{m.email ?? '—'}</td>
                  <td>
                    {isOwner ? (
                      <select
                        className="field__input data-table__select"
                        aria-label={`Role of ${m.name}`}
                        value={m.role}
                        onChange={(e) =>
                          void act(
                            () => accountApi.changeRole(workspaceId, m.userId, e.target.value as Role),
                            `${m.name} is now ${e.target.value}.`,
                          )
                        }
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className={`role-badge role-badge--${m.role}`}>{m.role}</span>
                    )}
                  </td>
                  <td className="muted">{formatTime(m.joinedAt)}</td>
                  <td className="data-table__actions">
                    {(isOwner || m.userId === selfId) && (
                      <button
                        type="button"
                        className="button button--danger"
                        aria-label={m.userId === selfId ? 'Leave this workspace' : `Remove ${m.name}`}
                        onClick={() =>
                          void act(
                            () => accountApi.removeMember(workspaceId, m.userId),
                            m.userId === selfId ? 'You left the workspace.' : `Removed ${m.name}.`,
                          )
                        }
                      >
                        {m.userId === selfId ? 'Leave' : 'Remove'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isOwner && <InvitesPanel workspaceId={workspaceId} />}
    </div>
  );
}
