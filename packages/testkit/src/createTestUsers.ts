export interface TestUser {
  id: string;
  name: string;
  email: string;
  password: string;
  /** `synapse_session=…`, for a `cookie` header. */
  cookie: string;
  /** fetch against the stack as this user (JSON bodies are serialised). */
  request(
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  /** A sync token for this user's session (what the web app's provider fetches). */
  syncToken(): Promise<string>;
}

export interface TestUsers {
  /** Signs up over the API: the first account owns `default`; later ones need an invite token. */
  signUp(input?: {
    name?: string;
    email?: string;
    password?: string;
    inviteToken?: string;
  }): Promise<TestUser>;
  signIn(email: string, password: string): Promise<TestUser>;
  /** An owner invites someone with a role; returns the invite token (the part after /invite/). */
  invite(owner: TestUser, workspaceId: string, role: 'owner' | 'editor' | 'viewer'): Promise<string>;
}

let counter = 0;

function sessionCookie(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => c.startsWith('synapse_session='));
  if (!header) throw new Error('no session cookie in the response');
  return header.split(';')[0] as string;
}

export function createTestUsers(baseUrl: string): TestUsers {
  function userFrom(
    body: { user: { id: string; name: string } },
    email: string,
    password: string,
    cookie: string,
  ): TestUser {
    const request: TestUser['request'] = (path, init = {}) =>
      fetch(`${baseUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          cookie,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    return {
      id: body.user.id,
      name: body.user.name,
      email,
      password,
      cookie,
      request,
      async syncToken() {
        const response = await request('/api/sync-token', { method: 'POST' });
        if (!response.ok) throw new Error(`sync token: HTTP ${response.status}`);
        return ((await response.json()) as { token: string }).token;
      },
    };
  }

  async function post(path: string, body: unknown): Promise<Response> {
    return fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  return {
    async signUp(input = {}) {
      counter += 1;
      const name = input.name ?? `User ${counter}`;
      const email = input.email ?? `user${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
      const password = input.password ?? 'correct horse battery staple';
      const response = await post('/api/auth/signup', {
        name,
        email,
        password,
        inviteToken: input.inviteToken,
      });
      if (response.status !== 201)
        throw new Error(`sign-up failed: HTTP ${response.status} ${await response.text()}`);
      return userFrom(
        (await response.json()) as { user: { id: string; name: string } },
        email,
        password,
        sessionCookie(response),
      );
    },
    async signIn(email, password) {
      const response = await post('/api/auth/login', { email, password });
      if (response.status !== 200)
        throw new Error(`sign-in failed: HTTP ${response.status} ${await response.text()}`);
      return userFrom(
        (await response.json()) as { user: { id: string; name: string } },
        email,
        password,
        sessionCookie(response),
      );
    },
    async invite(owner, workspaceId, role) {
      const response = await owner.request(`/api/workspaces/${workspaceId}/invites`, { body: { role } });
      if (response.status !== 201)
        throw new Error(`invite failed: HTTP ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
  };
}
