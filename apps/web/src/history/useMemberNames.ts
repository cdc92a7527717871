import { useEffect, useState } from 'react';
import { accountApi } from '../account/accountApi';

/** User id → name for the workspace's members; empty until loaded (ids are shown meanwhile). */
export function useMemberNames(workspaceId: string): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(() => new Map());
  useEffect(() => {
    let live = true;
    accountApi.members(workspaceId).then(
      ({ members }) => live && setNames(new Map(members.map((m) => [m.userId, m.name]))),
      () => undefined, // names are a nicety: the ids still identify people
    );
    return () => {
      live = false;
    };
  }, [workspaceId]);
  return names;
}
