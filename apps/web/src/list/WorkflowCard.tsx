import './workflowCard.css';
import type { WorkflowEntry } from '@synapse/schema';
import type { RunRow } from '@synapse/schema/api';
import { useMemo } from 'react';
import { formatRelativeTime } from '../components/formatRelativeTime';
import { Link } from '../routing/Link';
import { NodeStatusBadge } from '../run/NodeStatusBadge';
import { GraphPreview } from '../templates/GraphPreview';
import { previewGraph } from './previewGraph';
import { RenameField } from './RenameField';
import { type RowMenuItem, WorkflowRowMenu } from './WorkflowRowMenu';
import { workflowCardFacts } from './workflowCardFacts';

export interface WorkflowCardActions {
  startRename(id: string): void;
  rename(id: string, name: string): void;
  cancelRename(): void;
  duplicate(entry: WorkflowEntry): void;
  exportFile(entry: WorkflowEntry): void;
  setArchived(entry: WorkflowEntry, archived: boolean): void;
  askDelete(entry: WorkflowEntry): void;
}

interface WorkflowCardProps {
  entry: WorkflowEntry;
  displayName: string;
  href: string;
  renaming: boolean;
  actions: WorkflowCardActions;
  /** The workflow's newest run, when the run history has one. */
  lastRun?: RunRow;
}

/** One workflow in the list: the whole card opens it; the ⋯ menu holds the other actions. */
export function WorkflowCard({ entry, displayName, href, renaming, actions, lastRun }: WorkflowCardProps) {
  const facts = workflowCardFacts(entry, lastRun);
  const graph = useMemo(() => (entry.preview ? previewGraph(entry.preview) : null), [entry.preview]);
  const items: RowMenuItem[] = [
    { key: 'rename', label: 'Rename', onSelect: () => actions.startRename(entry.id) },
    { key: 'duplicate', label: 'Duplicate', onSelect: () => actions.duplicate(entry) },
    { key: 'export', label: 'Export file', onSelect: () => actions.exportFile(entry) },
    entry.archived
      ? { key: 'restore', label: 'Restore', onSelect: () => actions.setArchived(entry, false) }
      : { key: 'archive', label: 'Archive', onSelect: () => actions.setArchived(entry, true) },
    { key: 'delete', label: 'Delete…', danger: true, onSelect: () => actions.askDelete(entry) },
  ];

  return (
    <li
      className={`workflow-card${entry.archived ? ' workflow-card--archived' : ''}`}
      data-testid="workflow-row"
      data-workflow-id={entry.id}
    >
      <div className="workflow-card__preview" data-testid="workflow-preview">
        {graph && graph.nodes.length > 0 ? (
          <GraphPreview graph={graph} title={`${displayName}: workflow graph`} compact />
        ) : (
          <span className="workflow-card__preview-empty">{graph ? 'Empty canvas' : 'No preview yet'}</span>
        )}
      </div>
      {renaming ? (
        <RenameField
          initial={entry.name || displayName}
          onCommit={(name) => actions.rename(entry.id, name)}
          onCancel={actions.cancelRename}
        />
      ) : (
        <Link href={href} className="workflow-card__link" data-testid="workflow-link">
          <span className="workflow-card__name" data-testid="workflow-name">
            {displayName}
          </span>
        </Link>
      )}
      <span className="workflow-card__meta">
        {entry.archived && <span className="workflow-card__tag">Archived</span>}
        {facts.nodes && (
          <>
            <span data-testid="workflow-node-count">{facts.nodes}</span>
            <span aria-hidden="true">·</span>
          </>
        )}
        Updated {formatRelativeTime(entry.updatedAt)}
      </span>
      <span className="workflow-card__meta" data-testid="workflow-last-run">
        {facts.lastRun ? (
          <>
            Last run <NodeStatusBadge status={facts.lastRun.status} />
            <time dateTime={new Date(facts.lastRun.at).toISOString()}>{facts.lastRun.when}</time>
          </>
        ) : (
          'Not run yet'
        )}
      </span>
      <WorkflowRowMenu workflowName={displayName} items={items} />
    </li>
  );
}
