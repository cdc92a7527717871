import { useEffect, useState } from 'react';
import { accountApi } from '../account/accountApi';

/** Workspace members' names by user id, to say who saved a version; empty until (or unless) it loads. */
export function useMemberNames(workspaceId: string): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    accountApi.members(workspaceId).then(
      ({ members }) => live && setNames(new Map(members.map((m) => [m.userId, m.name]))),
      // Names are a nicety: without them the list still shows when and what.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [workspaceId]);
  return names;
}
