import type { WorkflowEntry } from '@synapse/schema';
import { formatRelativeTime } from '../components/formatRelativeTime';
import { Link } from '../routing/Link';
import { RenameField } from './RenameField';
import { type RowMenuItem, WorkflowRowMenu } from './WorkflowRowMenu';

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
}

/** One workflow in the list: the whole card opens it; the ⋯ menu holds the other actions. */
export function WorkflowCard({ entry, displayName, href, renaming, actions }: WorkflowCardProps) {
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
        Updated {formatRelativeTime(entry.updatedAt)}
      </span>
      <WorkflowRowMenu workflowName={displayName} items={items} />
    </li>
  );
}
