import type { Role } from '@synapse/schema/api';
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/errorMessage';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { navigate } from '../routing/navigate';
import { AccountForm } from './AccountForm';
import { AuthCard } from './AuthCard';
import { accountApi } from './accountApi';
import { finishSignIn } from './finishSignIn';
import { useSession } from './useSession';

const ROLE_TEXT: Record<Role, string> = {
  owner: 'an owner',
  editor: 'an editor',
  viewer: 'a viewer (read-only)',
};

/** An invite link: join its workspace with its role — signing up or in first if needed. */
export function InviteScreen({ token }: { token: string }) {
  const state = useSession();
  const [invite, setInvite] = useState<{ workspaceName: string; role: Role } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [mode, setMode] = useState<'sign-up' | 'sign-in'>('sign-up');
  const [joining, setJoining] = useState(false);

  useEffect(() => {
    accountApi.inviteInfo(token).then(setInvite, (error: unknown) => setProblem(errorMessage(error)));
  }, [token]);

  if (problem)
    return (
      <main className="screen-center">
        <ScreenMessage kind="error" title="This invite link does not work" testId="invite-invalid">
          <p>{problem}</p>
          <p>Ask the workspace owner for a new link.</p>
        </ScreenMessage>
      </main>
    );
  if (!invite || !state || state.status === 'loading')
    return (
      <main className="screen-center">
        <ScreenMessage kind="loading" title="Opening the invite…" />
      </main>
    );

  const title = `Join “${invite.workspaceName}”`;
  const subtitle = `You are invited as ${ROLE_TEXT[invite.role]}.`;

  if (state.status === 'signed-in' && !state.stale && state.session) {
    const join = async () => {
      setJoining(true);
      try {
        const { workspace } = await accountApi.acceptInvite(token);
        await state.refresh();
        navigate(`/w/${encodeURIComponent(workspace.id)}`);
      } catch (error) {
        setProblem(errorMessage(error));
      }
    };
    return (
      <AuthCard title={title} subtitle={subtitle}>
        <p className="muted">Signed in as {state.session.user.name}.</p>
        <button
          type="button"
          className="button button--primary auth-form__submit"
          onClick={join}
          disabled={joining}
          data-testid="invite-join"
        >
          {joining ? 'Joining…' : 'Join workspace'}
        </button>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={title} subtitle={subtitle}>
      {mode === 'sign-in' && <Banner tone="info">Sign in, and you join the workspace right away.</Banner>}
      <AccountForm
        key={mode}
        mode={mode}
        submitLabel={mode === 'sign-up' ? 'Create account and join' : 'Sign in and join'}
        onSubmit={async (values) => {
          if (mode === 'sign-up') {
            const session = await accountApi.signUp({ ...values, inviteToken: token });
            const joined =
              session.workspaces.find((w) => w.name === invite.workspaceName) ?? session.workspaces[0];
            await finishSignIn(session, joined ? `/w/${encodeURIComponent(joined.id)}` : '/');
          } else {
            const session = await accountApi.signIn({ email: values.email, password: values.password });
            if ('twoFactorRequired' in session)
              throw new Error(
                'This account uses two-factor authentication: sign in from the sign-in page first, then open this invite link again.',
              );
            const { workspace } = await accountApi.acceptInvite(token);
            await finishSignIn(
              {
                ...session,
                workspaces: [...session.workspaces.filter((w) => w.id !== workspace.id), workspace],
              },
              `/w/${encodeURIComponent(workspace.id)}`,
            );
          }
        }}
      />
      <p className="auth-card__footer">
        <button
          type="button"
          className="link-button"
          onClick={() => setMode(mode === 'sign-up' ? 'sign-in' : 'sign-up')}
        >
          {mode === 'sign-up' ? 'Already have an account? Sign in' : 'No account yet? Create one'}
        </button>
      </p>
    </AuthCard>
  );
}
