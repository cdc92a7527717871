import { defineDocumentStoreSuite } from './defineDocumentStoreSuite';
import { defineRepoSuite } from './defineRepoSuite';
import { defineSecurityRepoSuite } from './defineSecurityRepoSuite';
import { defineSqlSuite } from './defineSqlSuite';
import { openPglite } from './openPglite';

defineSqlSuite('pglite in memory', () => openPglite({}));
defineDocumentStoreSuite('pglite in memory', () => openPglite({}));
defineRepoSuite('pglite in memory', () => openPglite({}));
defineSecurityRepoSuite('pglite in memory', () => openPglite({}));
