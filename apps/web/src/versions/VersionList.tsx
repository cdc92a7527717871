import { formatRelativeTime } from '../components/formatRelativeTime';
import type { VersionList as VersionListState } from './useVersions';
import { versionLabel } from './versionLabel';

interface VersionListProps {
  list: VersionListState;
  selectedId: string | null;
  names: ReadonlyMap<string, string>;
  onSelect: (versionId: string) => void;
  onRetry: () => void;
  /** Marks a version published; absent for people who may not (viewers). */
  onPublish?: (versionId: string) => void;
  /** The version being published, while its request runs. */
  publishingId?: string | null;
}

/** Saved and run versions, newest first; choosing one compares it with the workflow as it is now. */
export function VersionList(props: VersionListProps) {
  const { list, selectedId, names, onSelect, onRetry, onPublish, publishingId } = props;
  if (list.state === 'loading') {
    return <p className="versions__hint">Loading versions…</p>;
  }
  if (list.state === 'error') {
    return (
      <div className="versions__hint" role="alert" data-testid="versions-error">
        <p>Could not load versions: {list.message}</p>
        <button type="button" className="button button--small" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (list.versions.length === 0) {
    return (
      <p className="versions__hint" data-testid="versions-empty">
        No versions yet. Save one above; every run also keeps the version it ran.
      </p>
    );
  }
  return (
    <ul className="versions-list" aria-label="Versions">
      {list.versions.map((version) => {
        const selected = version.id === selectedId;
        return (
          <li key={version.id} className="versions-list__item">
            <button
              type="button"
              className={`version-row${selected ? ' is-selected' : ''}`}
              aria-pressed={selected}
              onClick={() => onSelect(version.id)}
              data-testid="version-row"
              data-version-name={version.name ?? ''}
              data-version-id={version.id}
            >
              <span className="version-row__top">
                <span className="version-row__name">{versionLabel(version)}</span>
                {version.published && (
                  <span
                    className="version-row__kind version-row__kind--published"
                    title="What the run API and automation run by default"
                    data-testid="version-published"
                  >
                    Published
                  </span>
                )}
                <span className={`version-row__kind version-row__kind--${version.reason}`}>
                  {version.reason === 'run' ? 'Run' : 'Saved'}
                </span>
              </span>
              <span className="version-row__meta" title={new Date(version.createdAt).toLocaleString()}>
                {formatRelativeTime(version.createdAt)}
                {names.get(version.createdBy) ? ` · ${names.get(version.createdBy)}` : ''} ·{' '}
                {version.nodeCount === 1 ? '1 node' : `${version.nodeCount} nodes`}
              </span>
            </button>
            {onPublish && !version.published && (
              <button
                type="button"
                className="button button--small versions-list__publish"
                onClick={() => onPublish(version.id)}
                disabled={publishingId !== null && publishingId !== undefined}
                title={`Publish “${versionLabel(version)}”: the run API and automation run it by default`}
                data-testid="version-publish"
              >
                {publishingId === version.id ? 'Publishing…' : 'Publish'}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
