import type { ReactNode } from 'react';
import { ScreenMessage } from '../components/ScreenMessage';
import { SignInScreen } from './SignInScreen';
import { useSession } from './useSession';

/** Renders the app for a signed-in user (or one cached on this device while offline), else sign-in. */
export function SessionGate({ children }: { children: ReactNode }) {
  const state = useSession();
  if (!state || state.status === 'loading')
    return (
      <main className="screen-center">
        <ScreenMessage kind="loading" title="Loading…" />
      </main>
    );
  if (state.status === 'signed-out') return <SignInScreen next={location.pathname + location.search} />;
  if (state.status === 'offline')
    return (
      <main className="screen-center">
        <ScreenMessage kind="error" title="You are offline">
          <p>This device has not signed in to Synapse yet, so there is nothing cached to open.</p>
          <button type="button" className="button" onClick={() => void state.refresh()}>
            Try again
          </button>
        </ScreenMessage>
      </main>
    );
  return children;
}
