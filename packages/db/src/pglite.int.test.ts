import { defineDocumentStoreSuite } from './defineDocumentStoreSuite';
import { definePublishedWorkflowsSuite } from './definePublishedWorkflowsSuite';
import { defineRepoSuite } from './defineRepoSuite';
import { defineSecurityRepoSuite } from './defineSecurityRepoSuite';
import { defineSqlSuite } from './defineSqlSuite';
import { defineSystemStatusSuite } from './defineSystemStatusSuite';
import { defineTwoFactorSuite } from './defineTwoFactorSuite';
import { openPglite } from './openPglite';

defineSqlSuite('pglite in memory', () => openPglite({}));
defineDocumentStoreSuite('pglite in memory', () => openPglite({}));
defineRepoSuite('pglite in memory', () => openPglite({}));
defineSecurityRepoSuite('pglite in memory', () => openPglite({}));
defineSystemStatusSuite('pglite in memory', async () => ({ database: await openPglite({}) }));
definePublishedWorkflowsSuite('pglite in memory', () => openPglite({}));
defineTwoFactorSuite('pglite in memory', () => openPglite({}));
