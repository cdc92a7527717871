import {
  deriveValidGraph,
  diffWorkflows,
  isEmptyDiff,
  restoreWorkflowGraph,
  USER_ORIGIN,
  type WorkflowGraph,
} from '@synapse/schema';
import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { ApiError } from '../api/ApiError';
import type { UndoControls } from '../editor/commands/useUndoManager';
import { useMemberNames } from '../history/useMemberNames';
import { ChangeList } from './ChangeList';
import { SaveVersionForm } from './SaveVersionForm';
import { summarizeDiff } from './summarizeDiff';
import { toDiffElements } from './toDiffElements';
import { useVersions } from './useVersions';
import { VersionDiffCanvas } from './VersionDiffCanvas';
import { VersionList } from './VersionList';
import { versionLabel } from './versionLabel';
import { publishVersion, saveVersion } from './versionsApi';
import './versions.css';

interface VersionsPanelProps {
  workspaceId: string;
  workflowId: string;
  doc: Y.Doc;
  /** The live workflow as merged (the editor's snapshot). */
  graph: WorkflowGraph;
  lastRunId: string | null;
  readOnly: boolean;
  connected: boolean;
  undo: UndoControls;
  /** Resolves once local edits reached the server, so a saved version holds what the user sees. */
  beforeSave: () => Promise<void>;
  onClose: () => void;
}

const CURRENT = 'current';
type View = 'changes' | 'version';

/**
 * Versions of the workflow over the canvas: save a named one, pick one to see it (as it was, or what
 * changed between it and now or another version, drawn on a read-only canvas with a list of changes),
 * and restore it. Restoring is an ordinary edit of the live document — only what differs, field by
 * field, as one step of this person's undo stack — so Ctrl+Z takes it back and collaborators' edits
 * to anything else are kept.
 */
export function VersionsPanel(props: VersionsPanelProps) {
  const { workspaceId, workflowId, doc, graph, lastRunId, readOnly, connected, undo } = props;
  const { list, reload, details, load } = useVersions(workspaceId, workflowId, lastRunId);
  const names = useMemberNames(workspaceId);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [compareTo, setCompareTo] = useState<string>(CURRENT);
  const [view, setView] = useState<View>('changes');
  const [hideMoves, setHideMoves] = useState(false);
  const [status, setStatus] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  // Folded to its header so the canvas (live or comparison) gets the whole width back.
  const [collapsed, setCollapsed] = useState(false);

  const versions = list.state === 'ready' ? list.versions : [];
  const summaryOf = (id: string) => versions.find((v) => v.id === id) ?? null;
  const selected = selectedId ? summaryOf(selectedId) : null;
  const other = compareTo === CURRENT ? null : summaryOf(compareTo);

  useEffect(() => {
    if (selectedId) load(selectedId);
  }, [selectedId, load]);
  useEffect(() => {
    if (compareTo !== CURRENT) load(compareTo);
  }, [compareTo, load]);

  const selectedDetail = selectedId ? details.get(selectedId) : undefined;
  const otherDetail = compareTo === CURRENT ? undefined : details.get(compareTo);
  const selectedGraph = selectedDetail?.state === 'ready' ? selectedDetail.version.graph : null;
  const otherGraph =
    compareTo === CURRENT ? graph : otherDetail?.state === 'ready' ? otherDetail.version.graph : null;

  // Older → newer, so "added" always means "came later". The live workflow is the newest state.
  const comparison = useMemo(() => {
    if (!selected || !selectedGraph || !otherGraph) return null;
    const selectedIsOlder = !other || selected.createdAt <= other.createdAt;
    const [older, newer] = selectedIsOlder ? [selectedGraph, otherGraph] : [otherGraph, selectedGraph];
    const from = deriveValidGraph(older).graph;
    const to = deriveValidGraph(newer).graph;
    return { from, to, diff: diffWorkflows(from, to, { ignorePosition: hideMoves }), selectedIsOlder };
  }, [selected, other, selectedGraph, otherGraph, hideMoves]);

  const elements = useMemo(() => {
    if (!comparison || !selectedGraph) return null;
    if (view === 'changes') return toDiffElements(comparison.from, comparison.to, comparison.diff);
    const alone = deriveValidGraph(selectedGraph).graph;
    return toDiffElements(alone, alone, diffWorkflows(alone, alone));
  }, [comparison, selectedGraph, view]);

  const otherName = other ? `“${versionLabel(other)}”` : 'the current workflow';
  const selectedName = selected ? `“${versionLabel(selected)}”` : '';
  const caption = !comparison
    ? ''
    : view === 'version'
      ? `${selectedName} as it was (read-only)`
      : comparison.selectedIsOlder
        ? `Changes from ${selectedName} to ${otherName}`
        : `Changes from ${otherName} to ${selectedName}`;

  const [publishingId, setPublishingId] = useState<string | null>(null);
  const publish = async (versionId: string) => {
    setStatus(null);
    setPublishingId(versionId);
    try {
      const version = await publishVersion(workspaceId, workflowId, versionId);
      setStatus({ tone: 'info', text: `Published “${versionLabel(version)}”.` });
      reload();
    } catch (error) {
      const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
      setStatus({ tone: 'error', text: `Could not publish the version: ${message}` });
    } finally {
      setPublishingId(null);
    }
  };

  const save = async (name: string): Promise<boolean> => {
    setStatus(null);
    try {
      await props.beforeSave();
      const version = await saveVersion(workspaceId, workflowId, name);
      setStatus({ tone: 'info', text: `Saved “${versionLabel(version)}”.` });
      reload();
      return true;
    } catch (error) {
      const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
      setStatus({ tone: 'error', text: `Could not save the version: ${message}` });
      return false;
    }
  };

  const restore = () => {
    if (!selected || !selectedGraph || readOnly) return;
    // A step of its own on this person's undo stack: one Ctrl+Z takes the whole restore back.
    undo.startStep();
    const applied = restoreWorkflowGraph(doc, selectedGraph, USER_ORIGIN);
    undo.startStep();
    setCompareTo(CURRENT);
    setView('changes');
    setStatus({
      tone: 'info',
      text: isEmptyDiff(applied)
        ? `The workflow already matches ${selectedName}.`
        : `Restored ${selectedName}: ${summarizeDiff(applied)}. Press Ctrl+Z to undo.`,
    });
  };

  const saveDisabled = readOnly
    ? 'You have view-only access to this workflow.'
    : connected
      ? null
      : 'Saving a version needs a connection to the server.';
  const detailError =
    selectedDetail?.state === 'error'
      ? selectedDetail.message
      : otherDetail?.state === 'error'
        ? otherDetail.message
        : null;

  return (
    <div className={collapsed ? 'versions versions--collapsed' : 'versions'}>
      {elements && (
        <VersionDiffCanvas
          nodes={elements.nodes}
          edges={elements.edges}
          viewKey={`${selectedId}:${compareTo}:${view}`}
          caption={caption}
        />
      )}
      <aside
        className="versions-drawer"
        id="versions-panel"
        aria-label="Versions"
        data-testid="versions-panel"
      >
        <header className="versions-drawer__header">
          <h2>Versions</h2>
          <button
            type="button"
            className="icon-button icon-button--small versions-drawer__fold"
            onClick={() => setCollapsed((c) => !c)}
            aria-expanded={!collapsed}
            aria-controls="versions-panel-body"
            aria-label={collapsed ? 'Expand versions' : 'Collapse versions'}
            title={collapsed ? 'Expand versions' : 'Collapse versions to see the whole canvas'}
            data-testid="versions-collapse"
          >
            {collapsed ? '‹' : '›'}
          </button>
          <button
            type="button"
            className="icon-button icon-button--small"
            onClick={props.onClose}
            aria-label="Close versions"
            title="Close versions"
            data-testid="versions-close"
          >
            ×
          </button>
        </header>
        <div className="versions-drawer__body" id="versions-panel-body" hidden={collapsed}>
          <SaveVersionForm disabledReason={saveDisabled} onSave={save} />
          {status && (
            <p
              className={`versions__status versions__status--${status.tone}`}
              role={status.tone === 'error' ? 'alert' : 'status'}
              data-testid="versions-status"
            >
              {status.text}
            </p>
          )}
          <VersionList
            list={list}
            selectedId={selectedId}
            names={names}
            onSelect={(id) => {
              setSelectedId(id === selectedId ? null : id);
              if (id === compareTo) setCompareTo(CURRENT);
            }}
            onRetry={reload}
            {...(readOnly ? {} : { onPublish: publish })}
            publishingId={publishingId}
          />
          {selected && (
            <section className="versions-compare" aria-label="Compare" data-testid="versions-compare">
              <div className="versions-compare__row">
                <label className="field__label" htmlFor="versions-compare-to">
                  Compare with
                </label>
                <select
                  id="versions-compare-to"
                  className="field__input"
                  value={compareTo}
                  onChange={(event) => setCompareTo(event.target.value)}
                  data-testid="versions-compare-to"
                >
                  <option value={CURRENT}>The current workflow</option>
                  {versions
                    .filter((v) => v.id !== selected.id)
                    .map((v) => (
                      <option key={v.id} value={v.id}>
                        {versionLabel(v)}
                      </option>
                    ))}
                </select>
              </div>
              <div className="versions-compare__row">
                <fieldset className="segmented" aria-label="Show">
                  <button
                    type="button"
                    className="segmented__option"
                    aria-pressed={view === 'changes'}
                    onClick={() => setView('changes')}
                    data-testid="versions-view-changes"
                  >
                    Changes
                  </button>
                  <button
                    type="button"
                    className="segmented__option"
                    aria-pressed={view === 'version'}
                    onClick={() => setView('version')}
                    data-testid="versions-view-version"
                  >
                    This version
                  </button>
                </fieldset>
                <label className="versions-compare__check">
                  <input
                    type="checkbox"
                    checked={hideMoves}
                    onChange={(e) => setHideMoves(e.target.checked)}
                  />
                  Hide moves
                </label>
              </div>
              {detailError && (
                <p className="versions__status versions__status--error" role="alert">
                  Could not load the version: {detailError}
                </p>
              )}
              {!comparison && !detailError && <p className="versions__hint">Loading the version…</p>}
              {comparison && (
                <>
                  <p className="versions__summary" data-testid="versions-summary">
                    {caption}: {summarizeDiff(comparison.diff)}.
                  </p>
                  <ChangeList diff={comparison.diff} from={comparison.from} to={comparison.to} />
                </>
              )}
              <button
                type="button"
                className="button button--primary versions-compare__restore"
                onClick={restore}
                disabled={readOnly || !selectedGraph}
                title={
                  readOnly
                    ? 'You have view-only access to this workflow.'
                    : 'Make the workflow match this version. Only what differs is changed; Ctrl+Z undoes it.'
                }
                data-testid="restore-version-button"
              >
                Restore {selectedName}
              </button>
            </section>
          )}
        </div>
      </aside>
    </div>
  );
}
