import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { USER_ORIGIN } from './origins';
import {
  initWorkflowDoc,
  readWorkflowMeta,
  setLastRunId,
  setWorkflowDescription,
  setWorkflowName,
  WORKFLOW_SCHEMA_VERSION,
  workflowMaps,
} from './workflowDoc';

describe('workflow document meta', () => {
  it('init writes version, name and description', () => {
    const doc = new Y.Doc();
    initWorkflowDoc(doc, { name: 'Research', description: 'desc' }, USER_ORIGIN);
    expect(readWorkflowMeta(doc)).toEqual({
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      name: 'Research',
      description: 'desc',
      lastRunId: null,
    });
  });

  it('init only fills what is missing, so a second init does not rename', () => {
    const doc = new Y.Doc();
    initWorkflowDoc(doc, { name: 'First' }, USER_ORIGIN);
    initWorkflowDoc(doc, { name: 'Second', description: 'x' }, USER_ORIGIN);
    expect(readWorkflowMeta(doc)).toMatchObject({ name: 'First', description: '' });
  });

  it('renames, describes and points at the last run', () => {
    const doc = new Y.Doc();
    initWorkflowDoc(doc, { name: 'a' }, USER_ORIGIN);
    setWorkflowName(doc, 'b', USER_ORIGIN);
    setWorkflowDescription(doc, 'about b', USER_ORIGIN);
    setLastRunId(doc, 'run_1', USER_ORIGIN);
    expect(readWorkflowMeta(doc)).toMatchObject({ name: 'b', description: 'about b', lastRunId: 'run_1' });
    expect(() => setLastRunId(doc, 'bad/id', USER_ORIGIN)).toThrow(RangeError);
  });

  it('reads defaults from an empty or mistyped meta map', () => {
    const doc = new Y.Doc();
    expect(readWorkflowMeta(doc)).toEqual({ schemaVersion: 0, name: '', description: '', lastRunId: null });
    const { meta } = workflowMaps(doc);
    meta.set('schemaVersion', 'one');
    meta.set('name', 7);
    meta.set('description', new Y.Text('typed'));
    meta.set('lastRunId', '../x');
    expect(readWorkflowMeta(doc)).toEqual({
      schemaVersion: 0,
      name: '',
      description: 'typed',
      lastRunId: null,
    });
  });
});
