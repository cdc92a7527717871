-- Single sign-on with OpenID Connect.
-- An account is now a user row with an email: accounts created by SSO have no password_hash and cannot
-- sign in with a password. A provider identity is (issuer, subject), never the email, which the provider
-- may let its users change; the email only links an identity to an existing account once, and only when
-- the provider says it verified it.
create table sso_identities (
  issuer text not null,
  subject text not null,
  user_id text not null references users (id) on delete cascade,
  -- The email the provider reported when the link was made (for the account page and audits only).
  email text,
  created_at_ms bigint not null,
  primary key (issuer, subject)
);
create index sso_identities_user_idx on sso_identities (user_id);

-- How a session signed in: a workspace that admits SSO sessions only refuses the others.
alter table sessions add column via text not null default 'password' check (via in ('password', 'sso'));

alter table workspaces add column sso_only boolean not null default false;
