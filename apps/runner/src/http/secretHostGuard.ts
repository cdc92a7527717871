import { isSecretHostAllowed, type ScopedSecret } from '@synapse/schema';
import { secretForms } from './redactSecrets';

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    // Not a URL: no host is allowed, so a limited secret is never sent on the strength of a parse failure.
    return '';
  }
}

/** The names among `names` whose secret may not be sent to `url`'s host (ADR 0028). */
export function secretsRefusedFor(
  url: string,
  secrets: ReadonlyMap<string, ScopedSecret>,
  names: Iterable<string>,
): string[] {
  const host = hostnameOf(url);
  return [...new Set(names)].filter((name) => {
    const secret = secrets.get(name);
    return secret !== undefined && !isSecretHostAllowed(secret.allowedHosts, host);
  });
}

/**
 * The secrets a request about to go to `url` carries in `texts` (its URL, header values, body — in any
 * form a secret travels in) that the host may not receive. Checked on every redirect hop: a server the
 * secret may reach cannot bounce it, in a URL it builds, to one it may not.
 */
export function carriedSecretsRefusedFor(
  url: string,
  secrets: ReadonlyMap<string, ScopedSecret>,
  texts: readonly string[],
): string[] {
  const carried = [...secrets]
    .filter(([, secret]) =>
      secretForms(secret.value).some((form) => texts.some((text) => text.includes(form))),
    )
    .map(([name]) => name);
  return secretsRefusedFor(url, secrets, carried);
}

/** `the secret GH may only be sent to api.github.com, not to evil.example` (unredacted: the caller redacts). */
export function describeSecretHostRefusal(
  names: readonly string[],
  url: string,
  secrets: ReadonlyMap<string, ScopedSecret>,
): string {
  const host = hostnameOf(url) || JSON.stringify(url);
  return names
    .map(
      (name) =>
        `the secret ${name} may only be sent to ${secrets.get(name)?.allowedHosts.join(', ')}, not to ${host}`,
    )
    .join('; ');
}
