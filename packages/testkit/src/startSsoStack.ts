import { type OidcProviderHost, startOidcProvider } from './startOidcProvider';
import { type Stack, type StackOptions, startStack } from './startStack';

export interface SsoStackOptions extends StackOptions {
  /** The button's name ("Sign in with <name>"). */
  ssoName: string;
  /** Role of an account created at its first SSO sign-in (in `default`); editor unless given. */
  defaultRole?: 'owner' | 'editor' | 'viewer';
}

/**
 * The product with single sign-on configured against a real OpenID Provider on its own port. The caller
 * stops both (`stack.stop()`, `idp.stop()`) and adds the provider's people with `idp.person(…)`.
 */
export async function startSsoStack(
  options: SsoStackOptions,
): Promise<{ stack: Stack; idp: OidcProviderHost }> {
  const { ssoName, defaultRole, ...stackOptions } = options;
  const idp = await startOidcProvider();
  const stack = await startStack({
    ...stackOptions,
    server: {
      ...stackOptions.server,
      sso: {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        name: ssoName,
        defaultRole: defaultRole ?? 'editor',
        workspaceId: 'default',
      },
    },
  });
  idp.configure(`${stack.url}/api/auth/sso/callback`);
  return { stack, idp };
}
