import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The convention: each routes file has its app.request() test beside it (see http/test/createTestApp.ts).
describe('routes files', () => {
  const files = readdirSync(new URL('.', import.meta.url));
  const routes = files.filter((f) => f.endsWith('Routes.ts'));

  it.each(routes)('%s has a test beside it', (file) => {
    expect(files).toContain(file.replace(/\.ts$/, '.test.ts'));
  });

  it('finds the routes files', () => {
    expect(routes.length).toBeGreaterThanOrEqual(16);
  });
});
