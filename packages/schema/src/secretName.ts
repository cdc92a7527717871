/**
 * A workspace vault secret's name: an identifier like `GITHUB_TOKEN` (a letter or `_` first, then
 * letters, digits and `_`; at most 64). Identifiers are what a `{{secrets.NAME}}` reference can spell,
 * so the vault, the API and the HTTP request node share this one rule.
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function isSecretName(name: string): boolean {
  return SECRET_NAME_PATTERN.test(name);
}
