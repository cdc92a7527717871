import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// SQL has one home, this package's repositories, where the dual-driver suites run it on PGlite and
// Postgres. This fails on a SQL statement written in an app's source (tests aside).
const STATEMENT =
  /\b(?:SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX))/;
const apps = join(import.meta.dirname, '../../../apps');

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$|(^|\/)(test|node_modules|dist)\//.test(f))
    .map((f) => join(dir, f));
}

describe('SQL lives in packages/db', () => {
  const files = ['server', 'runner', 'cli'].flatMap((app) => sources(join(apps, app, 'src')));

  it('finds the apps’ sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('no app source holds a SQL statement', () => {
    const offenders = files.filter((f) => STATEMENT.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
