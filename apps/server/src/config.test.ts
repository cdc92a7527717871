import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from './config';

describe('security configuration', () => {
  it('defaults to public addresses only, closed sign-up and a generated master key', () => {
    const config = loadServerConfig({});
    expect(config.addressPolicy).toEqual({ allowPrivate: false, allow: [] });
    expect(config.openSignup).toBe(false);
    expect(config.masterKeys).toBeUndefined();
    expect(config.secureCookies).toBe('auto');
    expect(config.trustProxy).toBe(false);
  });

  it('parses the master keyring, address allow-list and flags from the environment', () => {
    const key = randomBytes(32).toString('base64url');
    const config = loadServerConfig({
      SYNAPSE_MASTER_KEY: `k2:${key}`,
      SYNAPSE_ALLOW_PRIVATE_ADDRESSES: 'true',
      SYNAPSE_ALLOWED_ADDRESSES: '127.0.0.0/8, ollama.lan',
      SYNAPSE_OPEN_SIGNUP: '1',
      SYNAPSE_SECURE_COOKIES: 'true',
      SYNAPSE_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.masterKeys?.currentId).toBe('k2');
    expect(config.addressPolicy).toEqual({ allowPrivate: true, allow: ['127.0.0.0/8', 'ollama.lan'] });
    expect(config.openSignup).toBe(true);
    expect(config.secureCookies).toBe(true);
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('shares rate limits through REDIS_URL when set (absent: per process)', () => {
    expect(loadServerConfig({}).redisUrl).toBeUndefined();
    expect(loadServerConfig({ REDIS_URL: 'redis://redis:6379' }).redisUrl).toBe('redis://redis:6379');
    expect(() => loadServerConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
  });

  it('fails fast, naming the variable, on a bad master key or allow-list', () => {
    expect(() => loadServerConfig({ SYNAPSE_MASTER_KEY: 'k1:tooshort' })).toThrow(/SYNAPSE_MASTER_KEY/);
    expect(() => loadServerConfig({ SYNAPSE_ALLOWED_ADDRESSES: 'not a host!' })).toThrow(
      /SYNAPSE_ALLOWED_ADDRESSES/,
    );
  });

  it('configures single sign-on only with an issuer and a client id, with safe defaults', () => {
    expect(loadServerConfig({}).sso).toBeUndefined();
    expect(
      loadServerConfig({ SYNAPSE_OIDC_ISSUER: 'https://id.example', SYNAPSE_OIDC_CLIENT_ID: 'synapse' }).sso,
    ).toEqual({
      issuer: 'https://id.example',
      clientId: 'synapse',
      clientSecret: undefined,
      name: 'single sign-on',
      defaultRole: 'viewer',
      workspaceId: 'default',
      publicUrl: undefined,
    });
    const full = loadServerConfig({
      SYNAPSE_OIDC_ISSUER: 'https://id.example/realms/acme',
      SYNAPSE_OIDC_CLIENT_ID: 'synapse',
      SYNAPSE_OIDC_CLIENT_SECRET: 's3cret',
      SYNAPSE_OIDC_NAME: 'Acme ID',
      SYNAPSE_OIDC_DEFAULT_ROLE: 'editor',
      SYNAPSE_OIDC_WORKSPACE: 'team',
      SYNAPSE_PUBLIC_URL: 'https://synapse.example',
    }).sso;
    expect(full).toMatchObject({ clientSecret: 's3cret', name: 'Acme ID', defaultRole: 'editor' });
    expect(full).toMatchObject({ workspaceId: 'team', publicUrl: 'https://synapse.example' });
    expect(() => loadServerConfig({ SYNAPSE_OIDC_ISSUER: 'https://id.example' })).toThrow(
      /SYNAPSE_OIDC_CLIENT_ID/,
    );
    expect(() => loadServerConfig({ SYNAPSE_OIDC_ISSUER: 'not a url', SYNAPSE_OIDC_CLIENT_ID: 'x' })).toThrow(
      /SYNAPSE_OIDC_ISSUER/,
    );
    expect(() =>
      loadServerConfig({
        SYNAPSE_OIDC_ISSUER: 'https://id.example',
        SYNAPSE_OIDC_CLIENT_ID: 'x',
        SYNAPSE_OIDC_DEFAULT_ROLE: 'admin',
      }),
    ).toThrow(/SYNAPSE_OIDC_DEFAULT_ROLE/);
  });
});
