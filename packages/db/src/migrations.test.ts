import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Migrations apply in name order, once each (migrate.ts). A gap in the numbers would let a later branch add
// the missing number, which existing databases would then apply after newer ones and fresh databases
// before them: two orders for one schema. So the numbers run 0001, 0002, … without a gap or a twin.
describe('migration files', () => {
  it('are numbered one after another from 0001, each number once', () => {
    const names = readdirSync(fileURLToPath(new URL('./migrations/', import.meta.url)))
      .filter((name) => name.endsWith('.sql'))
      .sort();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^\d{4}_[a-z0-9_]+\.sql$/);
    const numbers = names.map((name) => Number(name.slice(0, 4)));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });
});
