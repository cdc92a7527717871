-- [scale] Several keys (or deployments) of one provider share its calls by weight: the runner picks a key
-- with probability weight / sum of the weights of the keys not cooling down. Existing keys get 1, so a
-- provider with one key behaves as before; one with several now spreads over all of them.
alter table provider_keys add column weight integer not null default 1 check (weight between 1 and 100);
