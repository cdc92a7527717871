import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { docSchemaVersion } from './docSchemaVersion';
import { indexMaps, readWorkflowIndex, updateWorkflowEntry, upsertWorkflowEntry } from './indexDoc';
import { type DocKind, latestSchemaVersion, migrateDoc, migrations } from './migrations';
import { MIGRATION_ORIGIN, SERVER_ORIGIN, USER_ORIGIN } from './origins';
import { readRun } from './readRun';
import { readWorkflow } from './readWorkflow';
import { initRunDoc, runMaps } from './runDoc';
import { graphFixture } from './test/graphFixture';
import { initWorkflowDoc, readWorkflowMeta, workflowMaps } from './workflowDoc';
import { summarizeWorkflowGraph } from './workflowPreview';

/** Runs `migrateDoc` and records the origin of every transaction and whether an update was emitted. */
function migrateObserved(doc: Y.Doc, kind: DocKind) {
  const origins: unknown[] = [];
  let updates = 0;
  doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
  doc.on('update', () => updates++);
  const result = migrateDoc(doc, kind);
  return { ...result, origins, updates };
}

/** A document that predates versioning: content written with raw Yjs by an old or foreign client. */
function unversioned(write: (doc: Y.Doc) => void): Y.Doc {
  const source = new Y.Doc();
  write(source);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

describe('migrations', () => {
  it('have unique ids of the form synapse.<kind>/<version> and contiguous versions per kind', () => {
    expect(new Set(migrations.map((m) => m.id)).size).toBe(migrations.length);
    for (const m of migrations) expect(m.id).toBe(`synapse.${m.kind}/${m.toVersion}`);
    for (const kind of ['workflow', 'run', 'index'] as const) {
      const versions = migrations.filter((m) => m.kind === kind).map((m) => m.toVersion);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
      expect(latestSchemaVersion(kind)).toBe(versions.length);
    }
  });

  it('refuses an unknown kind', () => {
    expect(() => migrateDoc(new Y.Doc(), 'page' as DocKind)).toThrow(RangeError);
  });
});

describe('synapse.workflow/1', () => {
  it('stamps an unversioned workflow and keeps its content', () => {
    const doc = unversioned((d) => {
      const node = new Y.Map<unknown>();
      d.getMap('nodes').set('a', node);
      node.set('type', 'agent');
      d.getMap('meta').set('name', 'Old');
    });
    const before = readWorkflow(doc);
    const result = migrateObserved(doc, 'workflow');
    expect(result.applied).toEqual(['synapse.workflow/1', 'synapse.workflow/2']);
    expect(result.origins).toEqual([MIGRATION_ORIGIN, MIGRATION_ORIGIN]);
    expect(docSchemaVersion(doc)).toBe(2);
    expect(readWorkflow(doc)).toEqual(before);
    expect(readWorkflowMeta(doc)).toMatchObject({ name: 'Old', description: '' });
  });

  it('stamps an empty document', () => {
    const doc = new Y.Doc();
    expect(migrateDoc(doc, 'workflow').applied).toEqual(['synapse.workflow/1', 'synapse.workflow/2']);
    expect(workflowMaps(doc).meta.get('schemaVersion')).toBe(2);
  });

  it('is a no-op on a current document and idempotent', () => {
    const doc = new Y.Doc();
    initWorkflowDoc(doc, { name: 'New' }, USER_ORIGIN);
    addNode(doc, { id: 'a', type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const current = migrateObserved(doc, 'workflow');
    expect(current).toMatchObject({ applied: [], origins: [], updates: 0 });
    const old = new Y.Doc();
    migrateDoc(old, 'workflow');
    expect(migrateObserved(old, 'workflow')).toMatchObject({ applied: [], updates: 0 });
  });

  it('does not overwrite a concurrent rename on another replica', () => {
    const server = unversioned((d) => d.getMap('meta').set('description', 'x'));
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    client.getMap('meta').set('name', 'Renamed offline');
    migrateDoc(server, 'workflow');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    expect(readWorkflowMeta(server)).toEqual(readWorkflowMeta(client));
    expect(readWorkflowMeta(server)).toMatchObject({ schemaVersion: 2, name: 'Renamed offline' });
  });
});

describe('synapse.workflow/2', () => {
  /** A version-1 workflow as an older client wrote it: nodes with labels and prompts, no keys. */
  function versionOne(): Y.Doc {
    return unversioned((d) => {
      d.getMap('meta').set('schemaVersion', 1);
      const add = (id: string, type: string, data: Record<string, unknown>) => {
        const node = new Y.Map<unknown>();
        d.getMap('nodes').set(id, node);
        node.set('type', type);
        const map = new Y.Map<unknown>();
        node.set('data', map);
        for (const [k, v] of Object.entries(data)) map.set(k, v);
      };
      add('Zz9', 'agent', { label: 'Writer', userPrompt: new Y.Text('Use {{nodes.Ab3.output}}') });
      add('Ab3', 'agent', { label: 'Writer' });
      add('k1', 'input', { label: 'Topic', key: 'topic' });
      add('q', 'router', { label: '  ' });
      add('n', 'note', { label: 'Writer' });
    });
  }

  it('gives executable nodes without a key one (a short id a person chose, else from the label), by id, unique; keeps keys and prompts', () => {
    const doc = versionOne();
    const result = migrateObserved(doc, 'workflow');
    expect(result.applied).toEqual(['synapse.workflow/2']);
    expect(result.origins).toEqual([MIGRATION_ORIGIN]);
    const keys = Object.fromEntries(readWorkflow(doc).nodes.map((n) => [n.id, n.data.key]));
    expect(keys).toEqual({ Ab3: 'writer', k1: 'topic', n: undefined, q: 'q', Zz9: 'writer_2' });
    const writer = readWorkflow(doc).nodes.find((n) => n.id === 'Zz9');
    expect(writer?.data.userPrompt).toBe('Use {{nodes.Ab3.output}}');
  });

  it('is idempotent', () => {
    const doc = versionOne();
    migrateDoc(doc, 'workflow');
    expect(migrateObserved(doc, 'workflow')).toMatchObject({ applied: [], updates: 0 });
  });

  it('two servers migrating the same state at once agree on every key', () => {
    const a = versionOne();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    migrateDoc(a, 'workflow');
    migrateDoc(b, 'workflow');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readWorkflow(a)).toEqual(readWorkflow(b));
    const keys = readWorkflow(a).nodes.flatMap((n) => (n.data.key ? [n.data.key] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('converges with a key someone set on another replica meanwhile (last writer wins, as for any field)', () => {
    const server = versionOne();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    migrateDoc(client, 'workflow');
    const data = workflowMaps(client).nodes.get('q')?.get('data') as Y.Map<unknown>;
    data.set('key', 'triage');
    migrateDoc(server, 'workflow');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    expect(readWorkflow(server)).toEqual(readWorkflow(client));
  });
});

describe('synapse.run/1', () => {
  it('stamps an unversioned run and keeps its content', () => {
    const doc = unversioned((d) => {
      d.getMap('meta').set('runId', 'r1');
      d.getMap('meta').set('status', 'running');
    });
    const result = migrateObserved(doc, 'run');
    expect(result.applied).toEqual(['synapse.run/1', 'synapse.run/2']);
    expect(result.origins).toEqual([MIGRATION_ORIGIN, MIGRATION_ORIGIN]);
    expect(docSchemaVersion(doc)).toBe(2);
    expect(readRun(doc)?.meta).toMatchObject({ runId: 'r1', status: 'running' });
  });

  it('is a no-op on a current run and idempotent', () => {
    const doc = new Y.Doc();
    initRunDoc(
      doc,
      {
        runId: 'r1',
        workflowId: 'w',
        versionId: 'v',
        requestedBy: 'u',
        createdAt: 1,
        graph: graphFixture(['a']),
      },
      SERVER_ORIGIN,
    );
    expect(migrateObserved(doc, 'run')).toMatchObject({ applied: [], updates: 0 });
    const old = unversioned((d) => d.getMap('nodes').set('a', new Y.Map()));
    migrateDoc(old, 'run');
    expect(migrateObserved(old, 'run')).toMatchObject({ applied: [], updates: 0 });
    expect(runMaps(old).meta.get('schemaVersion')).toBe(2);
  });
});

describe('synapse.run/2', () => {
  it('stamps a version-1 run and changes nothing else: no run before it had map items', () => {
    const doc = unversioned((d) => {
      d.getMap('meta').set('schemaVersion', 1);
      d.getMap('meta').set('runId', 'r1');
      const node = new Y.Map<unknown>();
      node.set('status', 'succeeded');
      d.getMap('nodes').set('a', node);
    });
    const before = readRun(doc);
    const result = migrateObserved(doc, 'run');
    expect(result.applied).toEqual(['synapse.run/2']);
    expect(docSchemaVersion(doc)).toBe(2);
    expect(readRun(doc)).toEqual(before);
    expect(readRun(doc)?.nodes.a?.items).toBeUndefined();
  });
});

describe('synapse.index/1', () => {
  it('stamps an unversioned index and keeps its entries', () => {
    const doc = unversioned((d) => {
      const entry = new Y.Map<unknown>();
      d.getMap('workflows').set('wf', entry);
      entry.set('name', 'Legacy');
    });
    const result = migrateObserved(doc, 'index');
    expect(result.applied).toEqual(['synapse.index/1', 'synapse.index/2']);
    expect(result.origins).toEqual([MIGRATION_ORIGIN, MIGRATION_ORIGIN]);
    expect(indexMaps(doc).meta.get('schemaVersion')).toBe(2);
    expect(indexMaps(doc).workflows.get('wf')?.get('name')).toBe('Legacy');
  });

  it('is idempotent', () => {
    const doc = new Y.Doc();
    upsertWorkflowEntry(doc, 'wf', { name: 'x' }, USER_ORIGIN);
    expect(migrateDoc(doc, 'index').applied).toEqual(['synapse.index/1', 'synapse.index/2']);
    expect(migrateObserved(doc, 'index')).toMatchObject({ applied: [], updates: 0 });
  });

  it('leaves a document from a newer version alone', () => {
    const doc = new Y.Doc();
    indexMaps(doc).meta.set('schemaVersion', 99);
    expect(migrateObserved(doc, 'index')).toMatchObject({ applied: [], updates: 0 });
    expect(docSchemaVersion(doc)).toBe(99);
  });
});

describe('synapse.index/2', () => {
  const preview = summarizeWorkflowGraph(graphFixture(['a', 'b']));

  it('stamps a version-1 index, keeps its entries and writes no preview', () => {
    const doc = new Y.Doc();
    upsertWorkflowEntry(doc, 'wf', { name: 'Old', createdAt: 5 }, USER_ORIGIN);
    indexMaps(doc).meta.set('schemaVersion', 1);
    const before = readWorkflowIndex(doc);
    const result = migrateObserved(doc, 'index');
    expect(result.applied).toEqual(['synapse.index/2']);
    expect(result.origins).toEqual([MIGRATION_ORIGIN]);
    expect(docSchemaVersion(doc)).toBe(2);
    expect(readWorkflowIndex(doc)).toEqual(before);
    expect(indexMaps(doc).workflows.get('wf')?.has('preview')).toBe(false);
  });

  it('does not overwrite a preview an editor wrote concurrently on another replica', () => {
    const server = new Y.Doc();
    upsertWorkflowEntry(server, 'wf', { name: 'Old', createdAt: 5 }, USER_ORIGIN);
    indexMaps(server).meta.set('schemaVersion', 1);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    updateWorkflowEntry(client, 'wf', { preview }, USER_ORIGIN);
    migrateDoc(server, 'index');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    expect(readWorkflowIndex(server)).toEqual(readWorkflowIndex(client));
    expect(readWorkflowIndex(server)[0]?.preview).toEqual(preview);
    expect(docSchemaVersion(server)).toBe(2);
  });

  it('is a no-op on a current index', () => {
    const doc = new Y.Doc();
    upsertWorkflowEntry(doc, 'wf', { name: 'x', preview }, USER_ORIGIN);
    migrateDoc(doc, 'index');
    expect(migrateObserved(doc, 'index')).toMatchObject({ applied: [], updates: 0 });
  });
});
