-- Vault secrets limited to hosts (ADR 0028): the hosts an HTTP request node may send the secret to,
-- stored normalised (`api.github.com`, `*.example.com`); an empty array allows any host, which is what
-- every existing secret keeps. The list is also bound into the value's associated data (except when
-- empty, so existing rows open unchanged): a row whose list was edited in the database no longer opens.
alter table workspace_secrets add column allowed_hosts jsonb not null default '[]'::jsonb;
