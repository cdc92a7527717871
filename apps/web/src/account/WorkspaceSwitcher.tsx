import { useState } from 'react';
import { navigate } from '../routing/navigate';
import { CreateWorkspaceDialog } from './CreateWorkspaceDialog';
import { useSession } from './useSession';

const NEW = '__new__';

/** The current workspace, and a way to switch to another or create one. */
export function WorkspaceSwitcher({ workspaceId }: { workspaceId: string | null }) {
  const state = useSession();
  const [creating, setCreating] = useState(false);
  const workspaces = state?.session?.workspaces ?? [];
  if (workspaces.length === 0) return null;
  const current = workspaceId ?? workspaces[0]?.id ?? '';
  return (
    <>
      <label className="workspace-switcher">
        <span className="sr-only">Workspace</span>
        <select
          className="workspace-switcher__select"
          value={current}
          data-testid="workspace-switcher"
          onChange={(event) => {
            if (event.target.value === NEW) setCreating(true);
            else navigate(`/w/${encodeURIComponent(event.target.value)}`);
          }}
        >
          {!workspaces.some((w) => w.id === current) && <option value={current}>{current}</option>}
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name} ({w.role})
            </option>
          ))}
          <option value={NEW}>+ New workspace…</option>
        </select>
      </label>
      {creating && (
        <CreateWorkspaceDialog
          onClose={() => setCreating(false)}
          onCreated={async (workspace) => {
            setCreating(false);
            await state?.refresh();
            navigate(`/w/${encodeURIComponent(workspace.id)}`);
          }}
        />
      )}
    </>
  );
}
