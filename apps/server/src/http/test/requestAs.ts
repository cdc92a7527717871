import type { App } from '../createApp';

export interface RequestInit {
  /** Defaults to POST when there is a body, GET otherwise. */
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestClient {
  id: string;
  name: string;
  email: string;
  password: string;
  /** `synapse_session=…` */
  cookie: string;
  request(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * `app.request()` as the web app on the same origin sends it: Origin and Sec-Fetch-Site pass the CSRF
 * guard, the session cookie (when there is one) says who is asking, bodies are JSON.
 */
export function requestAs(
  app: App,
  cookie: string | null,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const hasBody = init.body !== undefined;
  return Promise.resolve(
    app.request(path, {
      method: init.method ?? (hasBody ? 'POST' : 'GET'),
      headers: {
        origin: 'http://localhost',
        'sec-fetch-site': 'same-origin',
        ...(cookie ? { cookie } : {}),
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      body: hasBody ? JSON.stringify(init.body) : undefined,
    }),
  );
}

/** The error body every API failure has: `{ error: { code, message } }`. */
export async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code?: string } };
  return body.error?.code ?? `(no error code; HTTP ${response.status})`;
}
