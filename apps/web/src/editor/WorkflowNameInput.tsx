import { setWorkflowName, USER_ORIGIN } from '@synapse/schema';
import type * as Y from 'yjs';
import type { SyncedDocument } from '../sync/openDocument';
import { updateIndexEntry } from '../sync/updateIndexEntry';

interface WorkflowNameInputProps {
  doc: Y.Doc;
  index: SyncedDocument | null;
  workflowId: string;
  name: string;
  readOnly: boolean;
}

/** The workflow's name lives in its own document and is mirrored into the workspace index for lists. */
export function WorkflowNameInput({ doc, index, workflowId, name, readOnly }: WorkflowNameInputProps) {
  return (
    <input
      className="workflow-name-input"
      aria-label="Workflow name"
      value={name}
      readOnly={readOnly}
      maxLength={120}
      placeholder="Untitled workflow"
      data-testid="workflow-name-input"
      onChange={(event) => {
        const next = event.target.value;
        setWorkflowName(doc, next, USER_ORIGIN);
        updateIndexEntry(index, workflowId, { name: next, updatedAt: Date.now() });
      }}
    />
  );
}
