import { parseDocName, readWorkflowMeta } from '@synapse/schema';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { errorMessage } from '../api/errorMessage';
import { downloadWorkflowFile } from '../io/downloadWorkflowFile';
import { readDocument } from './readDocument';
import { dismissRejection, getRejections, type SyncRejection, subscribeRejections } from './syncRejections';

function RejectionItem({ rejection }: { rejection: SyncRejection }) {
  const ref = parseDocName(rejection.name);
  const isWorkflow = ref?.kind === 'workflow';
  const [title, setTitle] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  useEffect(() => {
    if (!isWorkflow) return;
    let cancelled = false;
    readDocument(rejection.name, (doc) => readWorkflowMeta(doc).name, 0).then(
      (name) => !cancelled && setTitle(name || null),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [rejection.name, isWorkflow]);

  const what = isWorkflow
    ? title
      ? `“${title}”`
      : 'this workflow'
    : ref?.kind === 'index'
      ? 'the workflow list'
      : 'a document';

  const download = () => {
    setDownloadError(null);
    readDocument(rejection.name, (doc) => downloadWorkflowFile(doc), 0).then(
      (done) => done === null && setDownloadError('There is no local copy to download.'),
      (error: unknown) => setDownloadError(errorMessage(error)),
    );
  };

  return (
    <div className="rejection" role="alert" data-testid="sync-rejection">
      <div className="rejection__text">
        <strong className="rejection__title">Changes to {what} are not being saved.</strong>{' '}
        <span data-testid="sync-rejection-message">{rejection.message}</span>{' '}
        <span className="muted">
          Your edits stay on this device{isWorkflow ? ' — download a copy to keep them' : ''}.
        </span>
        <details className="rejection__detail">
          <summary>Details</summary>
          <code>{rejection.detail}</code>
        </details>
        {downloadError && <span className="rejection__error">{downloadError}</span>}
      </div>
      <div className="rejection__actions">
        {isWorkflow && (
          <button
            type="button"
            className="button button--primary"
            onClick={download}
            data-testid="download-copy"
          >
            Download a copy
          </button>
        )}
        <button
          type="button"
          className="button button--ghost"
          onClick={() => dismissRejection(rejection.name)}
          aria-label="Dismiss this message"
        >
          Dismiss
        </button>
      </div>
    </div>
  );
}

/**
 * Shown on every screen while the server refuses a document (see syncRejections): why, in plain
 * words, and a way to keep the local edits as a workflow file.
 */
export function RejectedSyncBanner() {
  const rejections = useSyncExternalStore(subscribeRejections, getRejections);
  const shown = rejections.filter((r) => r.localWork && !r.dismissed);
  if (shown.length === 0) return null;
  return (
    <section className="rejections" aria-label="Sync problems">
      {shown.map((rejection) => (
        <RejectionItem key={rejection.name} rejection={rejection} />
      ))}
    </section>
  );
}
