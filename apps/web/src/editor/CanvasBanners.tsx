import { describeUnknownReference } from '@synapse/schema';
import { useEffect } from 'react';
import { Banner } from '../components/Banner';
import { editorNoticeAtom, useAtom } from '../state/atoms';
import type { EditorCommands } from './commands/useEditorCommands';
import { describeCycle } from './describeCycle';
import { describeEdges } from './describeEdges';
import type { GraphDiagnostics } from './diagnostics/diagnoseGraph';
import type { RunFailure } from './RunButton';

const NOTICE_MS = 6000;

interface CanvasBannersProps {
  diagnostics: GraphDiagnostics;
  syncError: string | null;
  runFailure: RunFailure | null;
  onDismissRunFailure: () => void;
  commands: EditorCommands;
  readOnly: boolean;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What is wrong with the merged graph, in words, on top of the canvas — and what Run is waiting for. */
export function CanvasBanners(props: CanvasBannersProps) {
  const { diagnostics, syncError, runFailure, onDismissRunFailure, commands, readOnly } = props;
  const { graph, cycleEdges, danglingEdges, unattachedEdges, unknownReferences, nodeIssues } = diagnostics;
  const [notice, setNotice] = useAtom(editorNoticeAtom);
  const labelOf = (id: string) => graph.nodes.find((n) => n.id === id)?.data.label || id;

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, setNotice]);

  const firstReference = unknownReferences[0];
  return (
    <div className="editor__banners">
      {syncError && <Banner tone="error">{syncError}</Banner>}
      {cycleEdges.length > 0 && (
        <Banner tone="error" testId="cycle-banner">
          <strong>Cycle:</strong> {describeCycle(graph, cycleEdges)} — Run is disabled until one of the red
          connections is removed.
        </Banner>
      )}
      {firstReference && (
        <Banner tone="error" testId="reference-banner">
          <strong>Unknown reference:</strong> {describeUnknownReference(firstReference, labelOf)}
          {unknownReferences.length > 1 && ` (and ${unknownReferences.length - 1} more)`} Run is disabled.
        </Banner>
      )}
      {nodeIssues[0] && (
        <Banner tone="error" testId="node-settings-banner">
          <strong>Node settings:</strong> {nodeIssues[0].message}
          {nodeIssues.length > 1 && ` (and ${nodeIssues.length - 1} more)`} Run is disabled.
        </Banner>
      )}
      {danglingEdges.length > 0 && (
        <Banner tone="warning" testId="dangling-banner">
          <strong>
            {plural(danglingEdges.length, 'connection points', 'connections point')} to a deleted node
          </strong>{' '}
          (someone deleted it while it was being connected).{' '}
          {danglingEdges.length === 1 ? 'It is' : 'They are'} ignored.{' '}
          {!readOnly && (
            <button type="button" className="link-button" onClick={commands.removeDanglingEdges}>
              Remove {danglingEdges.length === 1 ? 'it' : 'them'}
            </button>
          )}
        </Banner>
      )}
      {unattachedEdges.length > 0 && (
        <Banner tone="warning" testId="unattached-banner">
          <strong>
            {plural(unattachedEdges.length, 'connection leaves', 'connections leave')} a removed router branch
          </strong>{' '}
          and {unattachedEdges.length === 1 ? 'is' : 'are'} not drawn (
          {describeEdges(
            graph,
            unattachedEdges.map((e) => e.id),
          )}
          ).
        </Banner>
      )}
      {runFailure && (
        <Banner tone="error" testId="run-error" onDismiss={onDismissRunFailure}>
          <strong>Run refused:</strong> {runFailure.message}
          {runFailure.edges.length > 0 && <> ({describeEdges(graph, runFailure.edges)})</>}
        </Banner>
      )}
      {notice && (
        <Banner
          tone={notice.tone === 'error' ? 'warning' : 'info'}
          testId="editor-notice"
          onDismiss={() => setNotice(null)}
        >
          {notice.text}
        </Banner>
      )}
    </div>
  );
}
