import { type ApprovalField, approvalDataOf, getNodeText } from '@synapse/schema';
import { useState } from 'react';
import type { NodeSettingsProps } from './NodeSettingsProps';
import { NumberField } from './NumberField';
import { PromptField } from './PromptField';
import { useNodeField } from './useNodeField';

/** "summary, tone" → fields; names that are not identifiers are dropped by the schema on read. */
function parseFields(text: string): ApprovalField[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => ({ name, label: name }));
}

/** Settings of a Human approval node: the request, the values the approver fills in, a timeout. */
export function ApprovalSettings({ doc, node, graph, problems, readOnly }: NodeSettingsProps) {
  const approval = approvalDataOf(node);
  const { set } = useNodeField(doc, node.id);
  const message = getNodeText(doc, node.id, 'message');
  const id = (name: string) => `node-${node.id}-${name}`;
  const [fieldsDraft, setFieldsDraft] = useState(approval.fields.map((f) => f.name).join(', '));
  return (
    <>
      {message && (
        <PromptField
          ytext={message}
          nodeId={node.id}
          field="message"
          label="What the approver is asked"
          graph={graph}
          problems={problems.filter((p) => p.field === 'message')}
          readOnly={readOnly}
          rows={3}
          placeholder="Approve this?"
        />
      )}
      <label className="field" htmlFor={id('fields')}>
        <span className="field__label">Fields the approver fills in</span>
        <input
          id={id('fields')}
          className="field__input"
          value={fieldsDraft}
          disabled={readOnly}
          placeholder="none: the approver edits the upstream text"
          data-testid="approval-fields"
          onChange={(e) => setFieldsDraft(e.target.value)}
          onBlur={() =>
            set(
              'fields',
              parseFields(fieldsDraft).map((f) => ({ ...f })),
            )
          }
        />
      </label>
      <NumberField
        id={id('timeout')}
        label="Timeout (minutes, empty: wait without limit)"
        value={approval.timeoutMs > 0 ? approval.timeoutMs : undefined}
        onCommit={(value) => set('timeoutMs', value ?? 0)}
        readOnly={readOnly}
        min={0}
        max={43200}
        scale={60_000}
        testId="approval-timeout"
      />
      <p className="field__hint">
        Approved values leave by <code>approved</code>; a rejection fails the run; with a timeout, nobody
        deciding in time leaves by <code>timeout</code>.
      </p>
    </>
  );
}
