import { afterAll, beforeAll } from 'vitest';
import { createTestApp, TEST_APP_TIMEOUT_MS, type TestApp, type TestAppOptions } from './createTestApp';
import type { TestClient } from './requestAs';

export interface TeamTestApp extends TestApp {
  /** The first account: owner of `default`. */
  owner: TestClient;
  editor: TestClient;
  viewer: TestClient;
  /** A workflow the editor created from a template (with `{ workflow: true }` only). */
  workflowId: string;
}

export interface TeamOptions extends TestAppOptions {
  /** Also create a workflow (`workflowId`). */
  workflow?: boolean;
}

function useApp<T extends TestApp>(options: TeamOptions, team: boolean): T {
  const context = {} as T;
  beforeAll(async () => {
    const t = await createTestApp(options);
    Object.assign(context, t);
    if (!team) return;
    const members = await t.team();
    Object.assign(context, members);
    if (options.workflow) Object.assign(context, { workflowId: await t.workflow(members.editor) });
  }, TEST_APP_TIMEOUT_MS);
  afterAll(() => context.close?.());
  return context;
}

/**
 * One test app for the test file (or describe block) it is called in: created in beforeAll, closed in
 * afterAll. Its fields are filled in beforeAll, so read them inside hooks and tests.
 */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  return useApp<TestApp>(options, false);
}

/** useTestApp with a team signed up: an owner of `default` and an editor and a viewer it invited. */
export function useTeamApp(options: TeamOptions = {}): TeamTestApp {
  return useApp<TeamTestApp>(options, true);
}
