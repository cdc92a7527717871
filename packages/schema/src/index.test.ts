import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Y from 'yjs';
import * as api from './index';

// Guards the contract in docs/contracts/schema-api.md: other packages code against these names.
const CONTRACT_VALUES = [
  'isValidId',
  'newId',
  'workflowDocName',
  'runDocName',
  'indexDocName',
  'parseDocName',
  'USER_ORIGIN',
  'RUNNER_ORIGIN',
  'MIGRATION_ORIGIN',
  'SERVER_ORIGIN',
  'isTxOrigin',
  'ErrorCodes',
  'AUDIT_KINDS',
  'DEFAULT_PROVIDER',
  'DEFAULT_MODEL',
  'deriveValidGraph',
  'findCycleEdges',
  'topoSort',
  'upstreamOf',
  'validateGraph',
  'WORKFLOW_SCHEMA_VERSION',
  'edgeId',
  'initWorkflowDoc',
  'addNode',
  'removeNode',
  'moveNode',
  'setNodeField',
  'getNodeText',
  'connect',
  'disconnect',
  'setWorkflowName',
  'setLastRunId',
  'readWorkflowMeta',
  'readWorkflow',
  'workflowMaps',
  'renderTemplate',
  'templateReferences',
  'RUN_SCHEMA_VERSION',
  'initRunDoc',
  'updateRunMeta',
  'updateNodeRun',
  'appendNodeOutput',
  'resetNodeOutput',
  'readRun',
  'isTerminalRunStatus',
  'upsertWorkflowEntry',
  'removeWorkflowEntry',
  'readWorkflowIndex',
  'migrations',
  'docSchemaVersion',
  'migrateDoc',
] as const;

describe('public API', () => {
  it('exports every name of the contract', () => {
    const missing = CONTRACT_VALUES.filter((name) => !(name in api));
    expect(missing).toEqual([]);
    expect(api.WORKFLOW_SCHEMA_VERSION).toBe(2);
    expect(api.RUN_SCHEMA_VERSION).toBe(2);
    expect(api.DEFAULT_PROVIDER).toBe('local');
    expect(api.DEFAULT_MODEL).toBe('local-demo');
  });

  it('keeps the contract signatures', () => {
    expectTypeOf(api.parseDocName).returns.toEqualTypeOf<api.DocRef | null>();
    expectTypeOf(api.addNode).returns.toEqualTypeOf<string>();
    expectTypeOf(api.readWorkflow).parameter(0).toEqualTypeOf<Y.Doc>();
    expectTypeOf(api.readWorkflow).returns.toEqualTypeOf<api.WorkflowGraph>();
    expectTypeOf(api.readRun).returns.toEqualTypeOf<api.RunSnapshot | null>();
    expectTypeOf(api.migrateDoc).returns.toEqualTypeOf<{ applied: string[] }>();
    expectTypeOf(api.findCycleEdges).returns.toEqualTypeOf<string[]>();
    expectTypeOf<api.ErrorCode>().toEqualTypeOf<(typeof api.ErrorCodes)[keyof typeof api.ErrorCodes]>();
    expectTypeOf<api.OriginKind>().toEqualTypeOf<'user' | 'runner' | 'migration' | 'server'>();
    expectTypeOf<api.NodeType>().toEqualTypeOf<
      'input' | 'agent' | 'router' | 'map' | 'approval' | 'http' | 'subworkflow' | 'output' | 'note'
    >();
  });
});
