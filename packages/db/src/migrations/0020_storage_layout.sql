-- Storage layout (ADR 0025). A log row used to repeat the document's name (20–70 bytes), carry a creation
-- time nothing read, and repeat the name again in its primary-key entry: ~150 bytes of row and index around
-- an update of ~30. Rows now name their document by a 4-byte id; the only index is a non-unique one on that
-- id, which Postgres deduplicates into one posting list per document (~6 bytes per row). seq stays unique
-- by construction (one sequence), so no index has to enforce it.
create table ydoc_documents (
  id integer generated always as identity primary key,
  name text not null unique
);

insert into ydoc_documents (name)
select doc_name from ydoc_updates
union
select doc_name from ydoc_snapshots
order by 1;

alter table ydoc_updates rename to ydoc_updates_v1;
-- The sequence outlives the old table, so seqs keep rising across the migration (loadChanges and the
-- servers' known-row sets rely on a seq never being reused).
alter sequence ydoc_updates_seq_seq owned by none;

-- Fixed-width columns first, so no alignment padding sits between them. No foreign key to
-- ydoc_documents: its check would run per inserted row on the sync path, and ids only come from there.
create table ydoc_updates (
  seq bigint not null default nextval('ydoc_updates_seq_seq'),
  doc_id integer not null,
  update bytea not null
);
alter sequence ydoc_updates_seq_seq owned by ydoc_updates.seq;

insert into ydoc_updates (seq, doc_id, update)
select u.seq, d.id, u.update
from ydoc_updates_v1 u
join ydoc_documents d on d.name = u.doc_name
order by u.seq;

drop table ydoc_updates_v1;

create index ydoc_updates_doc on ydoc_updates (doc_id);
