-- The resume job of a run queued again (an approval's decision, a sub-workflow child's ending — ADRs 0023,
-- 0024): the pg-boss job id that was sent, and when. Set in the transaction that queues the run, cleared
-- when a runner claims it. A check that finds the run still queued and unclaimed sends exactly this id
-- again (pg-boss keeps one job per id), instead of rebuilding one from the latest decision — which need
-- not be the one that queued the run, and would then be a second live job.
alter table runs add column resume_job_id text;
alter table runs add column resume_queued_at_ms bigint;
create index runs_resume_pending_idx on runs (resume_queued_at_ms) where resume_job_id is not null;
