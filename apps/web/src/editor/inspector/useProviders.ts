import type { Provider } from '@synapse/schema/api';
import { useEffect, useState } from 'react';
import { apiRequest } from '../../api/apiRequest';
import { workspacePath } from '../../api/workspacePath';
import { useRoute } from '../../routing/useRoute';
import { BUILTIN_PROVIDERS, type ProviderOption, readProviderList } from './providerOptions';

export interface ProviderList {
  providers: readonly ProviderOption[];
  /** False while loading and when the server has no provider list (the built-in one is shown). */
  fromServer: boolean;
}

const FALLBACK: ProviderList = { providers: BUILTIN_PROVIDERS, fromServer: false };
const requests = new Map<string, Promise<ProviderList>>();

async function loadProviders(workspaceId: string): Promise<ProviderList> {
  try {
    const providers = readProviderList(
      await apiRequest<{ providers: Provider[] }>(`${workspacePath(workspaceId)}/providers`),
    );
    return providers ? { providers, fromServer: true } : FALLBACK;
  } catch {
    // Offline, refused, or a server without the route: the built-in list keeps the pickers usable.
    return FALLBACK;
  }
}

/**
 * Providers and models for the pickers (with which ones the workspace has keys for), fetched once per
 * tab and workspace; the built-in list until it answers.
 */
export function useProviders(): ProviderList {
  const route = useRoute();
  const workspaceId = 'workspaceId' in route ? route.workspaceId : null;
  const [state, setState] = useState<ProviderList>(FALLBACK);
  useEffect(() => {
    if (!workspaceId) return;
    let current = true;
    let request = requests.get(workspaceId);
    if (!request) {
      request = loadProviders(workspaceId);
      requests.set(workspaceId, request);
    }
    request.then((list) => {
      // Ask again next time: the server may have come back, or a key may have been added.
      if (!list.fromServer) requests.delete(workspaceId);
      if (current) setState(list);
    });
    return () => {
      current = false;
    };
  }, [workspaceId]);
  return state;
}
