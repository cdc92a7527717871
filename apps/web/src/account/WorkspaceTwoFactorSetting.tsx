import type { Role } from '@synapse/schema/api';
import { Banner } from '../components/Banner';
import { twoFactorApi } from './twoFactorApi';
import { useApiData } from './useApiData';
import { useFormAction } from './useFormAction';

/** Whether the workspace requires two-factor authentication; owners can change it. */
export function WorkspaceTwoFactorSetting({ workspaceId, role }: { workspaceId: string; role: Role | null }) {
  const [requirement, reload] = useApiData(() => twoFactorApi.requirement(workspaceId), [workspaceId]);
  const { busy, error, act } = useFormAction();
  if (requirement.state !== 'ready') return null;
  const required = requirement.data.require2fa;

  const toggle = act(async () => {
    await twoFactorApi.setRequirement(workspaceId, !required);
    reload();
  });

  return (
    <section className="settings-section" aria-labelledby="workspace-2fa-title">
      <h2 id="workspace-2fa-title" className="settings-section__subtitle">
        Workspace requirement
      </h2>
      {error && <Banner tone="error">{error}</Banner>}
      <label className="two-factor__toggle">
        <input
          type="checkbox"
          checked={required}
          disabled={role !== 'owner' || busy}
          onChange={() => toggle()}
          data-testid="workspace-require-2fa"
        />
        <span>Require two-factor authentication for every member of this workspace</span>
      </label>
      {role !== 'owner' && <p className="muted">Only owners can change this.</p>}
    </section>
  );
}
