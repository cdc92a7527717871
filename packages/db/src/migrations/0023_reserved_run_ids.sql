-- A run-start key (a webhook's delivery id, the run API's Idempotency-Key) reserves its run's id when it
-- is claimed, and the run service inserts the run under exactly that id once (a run with the id already
-- there is answered as is). A retry taking over a claim whose request seems dead (slow, or died) keeps
-- the id, so a slow first request and the retry start one run between them, not two.
-- `run_id` is therefore set from the claim on; `state` says where the claim is:
--   claimed  — a request is starting the run (its claim time, `created_at_ms`, is its token);
--   released — that request failed before its run existed: the next request takes the key at once;
--   started  — the run started; the key answers with it until the window ends.
-- Rows from before this migration with a run are started; those without one are claims in flight.
alter table webhook_delivery_keys add column state text not null default 'claimed'
  check (state in ('claimed', 'released', 'started'));
update webhook_delivery_keys set state = 'started' where run_id is not null;

alter table run_idempotency_keys add column state text not null default 'claimed'
  check (state in ('claimed', 'released', 'started'));
update run_idempotency_keys set state = 'started' where run_id is not null;
