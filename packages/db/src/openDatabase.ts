import { openPglite } from './openPglite';
import { openPostgres } from './openPostgres';
import type { Database } from './Sql';

export type { Database };

/** A url selects real Postgres; otherwise embedded PGlite in dataDir (in memory when that is absent too). */
export function openDatabase(opts: { url?: string; dataDir?: string }): Promise<Database> {
  return opts.url ? openPostgres({ url: opts.url }) : openPglite({ dataDir: opts.dataDir });
}
