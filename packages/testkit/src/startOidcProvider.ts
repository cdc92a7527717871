import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** A person at the identity provider: their login is the account id, any password is accepted. */
export interface OidcAccount {
  id: string;
  email: string;
  emailVerified: boolean;
  name: string;
}

export interface OidcProviderHost {
  /** The issuer URL, known before the provider is configured (Synapse needs it first). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People who can sign in; change them between tests (the provider looks them up at each sign-in). */
  accounts: Map<string, OidcAccount>;
  /** Adds a person whose login is `id` (their name defaults to the id). */
  person(id: string, email: string, emailVerified: boolean, name?: string): void;
  /**
   * Creates the provider once the relying party's redirect URI is known. Its own development login pages
   * (`devInteractions`) ask for a login and a password; consent is granted without asking (a first-party
   * client), so a sign-in is one form.
   */
  configure(redirectUri: string): void;
  /** Makes the provider unreachable (connections refused) until stopped. */
  stop(): Promise<void>;
}

/**
 * A real, certified OpenID Provider (`oidc-provider`) on 127.0.0.1 port 0: authorization code flow with
 * PKCE, signed ID tokens, discovery, userinfo. Not a fake — the tests exercise what a real provider checks.
 */
export async function startOidcProvider(): Promise<OidcProviderHost> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end('provider not configured yet');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, OidcAccount>();
  const clientId = 'synapse-test';
  const clientSecret = 'synapse-test-client-secret-0123456789';

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    person(id, email, emailVerified, name = id) {
      accounts.set(id, { id, email, emailVerified, name });
    },
    configure(redirectUri) {
      const configuration: Configuration = {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [redirectUri],
            response_types: ['code'],
            grant_types: ['authorization_code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        features: { devInteractions: { enabled: true } },
        pkce: { required: () => true },
        cookies: { keys: ['oidc-provider-test-cookie-key'] },
        ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
        async findAccount(_ctx, id) {
          const account = accounts.get(id);
          if (!account) return undefined;
          return {
            accountId: id,
            claims: async () => ({
              sub: id,
              email: account.email,
              email_verified: account.emailVerified,
              name: account.name,
            }),
          };
        },
        async loadExistingGrant(ctx) {
          const grantId =
            ctx.oidc.result?.consent?.grantId ??
            ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
          if (grantId) return ctx.oidc.provider.Grant.find(grantId);
          const grant = new ctx.oidc.provider.Grant({
            clientId: ctx.oidc.client?.clientId,
            accountId: ctx.oidc.session?.accountId,
          });
          grant.addOIDCScope('openid email profile');
          await grant.save();
          return grant;
        },
      };
      const provider = new Provider(issuer, configuration);
      handler = provider.callback();
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
