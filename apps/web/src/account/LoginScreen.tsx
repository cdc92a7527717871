import { useEffect } from 'react';
import { navigate } from '../routing/navigate';
import { SignInScreen } from './SignInScreen';
import { useSession } from './useSession';

/** `/login`: the sign-in page, or straight on to the workflows when already signed in. */
export function LoginScreen() {
  const state = useSession();
  const signedIn = state?.status === 'signed-in' && !state.stale;
  useEffect(() => {
    if (signedIn) navigate('/');
  }, [signedIn]);
  return <SignInScreen next="/" />;
}
