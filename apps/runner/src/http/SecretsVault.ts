/**
 * The workspace secrets vault as the runner reads it (packages/db `createSecretsVault`): values of the
 * named secrets, decrypted. A name the workspace has no secret for is absent from the map, or the read
 * throws `MissingSecretsError` naming it (the database vault); the node fails either way.
 */
export interface SecretsVault {
  readSecrets(workspaceId: string, names: string[]): Promise<Map<string, string>>;
}

/** A vault held in memory: `synapse run` (secrets from the environment) and tests. */
export function createMemorySecretsVault(
  byWorkspace: (workspaceId: string) => Record<string, string>,
): SecretsVault {
  return {
    async readSecrets(workspaceId, names) {
      const secrets = byWorkspace(workspaceId);
      const found = new Map<string, string>();
      for (const name of names) {
        const value = Object.hasOwn(secrets, name) ? secrets[name] : undefined;
        if (value !== undefined) found.set(name, value);
      }
      return found;
    },
  };
}
