import type { Role } from '@synapse/schema/api';
import { useState } from 'react';
import { errorMessage } from '../api/errorMessage';
import { Banner } from '../components/Banner';
import { accountApi } from './accountApi';
import { formatTime } from './formatTime';
import { useApiData } from './useApiData';

/** Owners create invite links with a role (shown once), and revoke the open ones. */
export function InvitesPanel({ workspaceId }: { workspaceId: string }) {
  const [invites, reload] = useApiData(() => accountApi.invites(workspaceId), [workspaceId]);
  const [role, setRole] = useState<Role>('editor');
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const create = async () => {
    setError(null);
    setCopied(false);
    try {
      const created = await accountApi.createInvite(workspaceId, role);
      setLink(`${location.origin}${created.path}`);
      reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <section className="settings-section" aria-labelledby="invites-title">
      <h2 id="invites-title" className="settings-section__subtitle">
        Invite people
      </h2>
      {error && <Banner tone="error">{error}</Banner>}
      <div className="inline-form">
        <label className="field">
          <span className="field__label">Role</span>
          <select
            className="field__input"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            data-testid="invite-role"
          >
            <option value="viewer">Viewer — read-only</option>
            <option value="editor">Editor — edit and run</option>
            <option value="owner">Owner — everything</option>
          </select>
        </label>
        <button type="button" className="button button--primary" onClick={create} data-testid="invite-create">
          Create invite link
        </button>
      </div>
      {link && (
        <div className="invite-link" role="status">
          <label className="field">
            <span className="field__label">Invite link — shown only now, works once, expires in 7 days</span>
            <input
              className="field__input"
              readOnly
              value={link}
              onFocus={(e) => e.target.select()}
              data-testid="invite-link"
            />
          </label>
          <button
            type="button"
            className="button"
            onClick={() => {
              void navigator.clipboard?.writeText(link).then(() => setCopied(true));
            }}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      )}
      {invites.state === 'ready' && invites.data.invites.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="sr-only">Open invites</caption>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invites.data.invites.map((invite) => (
                <tr key={invite.id}>
                  <td>
                    <span className={`role-badge role-badge--${invite.role}`}>{invite.role}</span>
                  </td>
                  <td className="muted">{formatTime(invite.createdAt)}</td>
                  <td className="muted">{formatTime(invite.expiresAt)}</td>
                  <td className="data-table__actions">
                    <button
                      type="button"
                      className="button button--danger"
                      aria-label={`Revoke the ${invite.role} invite created ${formatTime(invite.createdAt)}`}
                      onClick={() =>
                        void accountApi.revokeInvite(workspaceId, invite.id).then(reload, reload)
                      }
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
