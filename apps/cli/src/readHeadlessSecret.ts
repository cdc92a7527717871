import { normalizeSecretHosts } from '@synapse/db';
import { type ScopedSecret, splitHostList } from '@synapse/schema';

/**
 * A workspace secret for `synapse run` from environment variables: `{{secrets.NAME}}` reads
 * `SYNAPSE_SECRET_NAME`, and the hosts it may be sent to `SYNAPSE_SECRET_NAME_HOSTS` (separated by commas or spaces,
 * entries as in the vault's list; unset or empty: any host). Throws, naming the variable, when the list
 * is not one.
 */
export function readHeadlessSecret(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
): ScopedSecret | undefined {
  const value = env[`SYNAPSE_SECRET_${name}`];
  if (value === undefined) return undefined;
  const hosts = splitHostList(env[`SYNAPSE_SECRET_${name}_HOSTS`] ?? '');
  try {
    return { value, allowedHosts: normalizeSecretHosts(hosts) };
  } catch (error) {
    throw new Error(`SYNAPSE_SECRET_${name}_HOSTS: ${(error as Error).message}`);
  }
}
