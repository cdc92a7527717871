import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The convention: each routes file has its app.request() test beside it (see http/test/createTestApp.ts),
// wherever in the server's source it lives.
describe('routes files', () => {
  const src = new URL('../../', import.meta.url);
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).map((f) => f.replaceAll('\\', '/'));
  const routes = files.filter((f) => f.endsWith('Routes.ts'));

  it.each(routes)('%s has a test beside it', (file) => {
    expect(files).toContain(file.replace(/\.ts$/, '.test.ts'));
  });

  it('finds the routes files, in http/routes and elsewhere', () => {
    expect(routes.filter((f) => f.startsWith('http/routes/')).length).toBeGreaterThanOrEqual(16);
    expect(routes).toContain('metrics/systemHealthRoutes.ts');
  });
});
