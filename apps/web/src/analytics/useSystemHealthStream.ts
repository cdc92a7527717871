import type { SystemHealth } from '@synapse/schema/api';
import { useEffect, useState } from 'react';
import type { ApiData } from '../account/useApiData';
import { errorMessage } from '../api/errorMessage';
import { historyApi } from '../history/historyApi';

export interface LiveHealth {
  health: ApiData<SystemHealth>;
  /** The event stream is open: figures arrive as they change. */
  live: boolean;
}

/**
 * The install's health, pushed by the server (`GET /api/system/health/stream`, Server-Sent Events)
 * instead of polled. EventSource reconnects by itself after a network error or the server ending the
 * stream; when the server refuses it (signed out, not an administrator) the one API client asks once
 * for the snapshot, which says why (and handles a 401 like every other request).
 */
export function useSystemHealthStream(): LiveHealth {
  const [state, setState] = useState<LiveHealth>({ health: { state: 'loading' }, live: false });
  useEffect(() => {
    let active = true;
    const source = new EventSource('/api/system/health/stream');
    source.addEventListener('health', (event) => {
      if (!active) return;
      setState({
        health: { state: 'ready', data: JSON.parse((event as MessageEvent<string>).data) },
        live: true,
      });
    });
    source.addEventListener('error', () => {
      if (!active) return;
      if (source.readyState === EventSource.CONNECTING) {
        setState((s) => ({ ...s, live: false }));
        return;
      }
      historyApi.systemHealth().then(
        (data) => active && setState({ health: { state: 'ready', data }, live: false }),
        (error: unknown) =>
          active &&
          setState({
            health: { state: 'error', message: errorMessage(error) },
            live: false,
          }),
      );
    });
    return () => {
      active = false;
      source.close();
    };
  }, []);
  return state;
}
