import { useEffect, useState } from 'react';
import { errorMessage } from '../api/errorMessage';
import { ScreenMessage } from '../components/ScreenMessage';
import { AccountForm } from './AccountForm';
import { AuthCard } from './AuthCard';
import { accountApi } from './accountApi';
import { finishSignIn } from './finishSignIn';
import { SsoSignIn } from './SsoSignIn';
import { TwoFactorSignInStep } from './TwoFactorSignInStep';

/**
 * Sign in, or — on a fresh install — create the first account, which owns the default workspace. After
 * that, accounts are created from invite links (or here, when the operator opened sign-up).
 */
export function SignInScreen({ next }: { next: string }) {
  const [setup, setSetup] = useState<{ needsSetup: boolean; signupOpen: boolean } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const [challenge, setChallenge] = useState<string | null>(null);

  useEffect(() => {
    accountApi.setup().then(
      (state) => {
        setSetup(state);
        if (state.needsSetup) setMode('sign-up');
      },
      (error: unknown) => setFailed(errorMessage(error)),
    );
  }, []);

  if (failed)
    return (
      <main className="screen-center">
        <ScreenMessage kind="error" title="Could not reach Synapse">
          {failed}
        </ScreenMessage>
      </main>
    );
  if (!setup)
    return (
      <main className="screen-center">
        <ScreenMessage kind="loading" title="Loading…" />
      </main>
    );

  const target = next === '/login' ? '/' : next;
  if (setup.needsSetup) {
    return (
      <AuthCard
        title="Create the owner account"
        subtitle="This Synapse has no accounts yet. The first account owns the default workspace and can invite everyone else."
      >
        <SsoSignIn />
        <AccountForm
          mode="sign-up"
          submitLabel="Create account"
          onSubmit={async (values) => finishSignIn(await accountApi.signUp(values), target)}
        />
      </AuthCard>
    );
  }
  if (challenge)
    return (
      <AuthCard title="Two-factor authentication" subtitle="Enter the code your authenticator app shows.">
        <TwoFactorSignInStep challenge={challenge} target={target} />
      </AuthCard>
    );
  return (
    <AuthCard
      title={mode === 'sign-in' ? 'Sign in' : 'Create an account'}
      subtitle={
        mode === 'sign-in'
          ? 'Sign in to open your workspaces.'
          : 'You get a workspace of your own; owners can invite you to theirs.'
      }
    >
      {mode === 'sign-in' && <SsoSignIn />}
      <AccountForm
        key={mode}
        mode={mode}
        submitLabel={mode === 'sign-in' ? 'Sign in' : 'Create account'}
        onSubmit={async (values) => {
          // Sign-in's body is strict: only the email and password (the form also holds an empty name).
          const result = await (mode === 'sign-in'
            ? accountApi.signIn({ email: values.email, password: values.password })
            : accountApi.signUp(values));
          if ('twoFactorRequired' in result) setChallenge(result.challenge);
          else await finishSignIn(result, target);
        }}
      />
      <p className="auth-card__footer muted">
        {setup.signupOpen ? (
          <button
            type="button"
            className="link-button"
            onClick={() => setMode(mode === 'sign-in' ? 'sign-up' : 'sign-in')}
          >
            {mode === 'sign-in' ? 'New here? Create an account' : 'Have an account? Sign in'}
          </button>
        ) : (
          'New here? Ask a workspace owner for an invite link.'
        )}
      </p>
    </AuthCard>
  );
}
