import type { ScopedSecret } from '@synapse/schema';

/**
 * The workspace secrets vault as the runner reads it (packages/db `createSecretsVault`): the named secrets'
 * values, decrypted, with the hosts each may be sent to. A name the workspace has no secret for is absent
 * from the map, or the read throws `MissingSecretsError` naming it (the database vault); the node fails
 * either way.
 */
export interface SecretsVault {
  readSecrets(workspaceId: string, names: string[]): Promise<Map<string, ScopedSecret>>;
}

/**
 * A vault held in memory: `synapse run` (secrets from the environment) and tests. A plain string is a
 * secret any host may receive.
 */
export function createMemorySecretsVault(
  byWorkspace: (workspaceId: string) => Record<string, string | ScopedSecret>,
): SecretsVault {
  return {
    async readSecrets(workspaceId, names) {
      const secrets = byWorkspace(workspaceId);
      const found = new Map<string, ScopedSecret>();
      for (const name of names) {
        const secret = Object.hasOwn(secrets, name) ? secrets[name] : undefined;
        if (secret !== undefined)
          found.set(name, typeof secret === 'string' ? { value: secret, allowedHosts: [] } : secret);
      }
      return found;
    },
  };
}
