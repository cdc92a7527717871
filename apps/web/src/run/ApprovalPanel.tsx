import type { ApprovalRequest } from '@synapse/schema';
import type { ApprovalDecision, ApprovalDecisionBody } from '@synapse/schema/api';
import { useState } from 'react';
import { apiRequest } from '../api/apiRequest';

interface ApprovalPanelProps {
  nodeId: string;
  /** The key the decision route names the node by. */
  nodeKey: string;
  workspaceId: string;
  runId: string;
  request: ApprovalRequest;
  /** Viewers see the request and the decision; only editors decide. */
  readOnly: boolean;
}

const DECIDED = { approved: 'Approved', rejected: 'Rejected', timeout: 'Timed out' } as const;

/**
 * A Human approval node's request in the shared run view: everyone sees it and who decided; an editor
 * approves (with the value as it stands in the form), or rejects, from any browser.
 */
export function ApprovalPanel({
  nodeId,
  nodeKey,
  workspaceId,
  runId,
  request,
  readOnly,
}: ApprovalPanelProps) {
  const [text, setText] = useState(request.value);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (request.decision) {
    const who = request.decidedByName ?? (request.decision === 'timeout' ? 'nobody in time' : 'an editor');
    const when = request.decidedAt ? new Date(request.decidedAt).toLocaleTimeString() : '';
    return (
      <div className="run-approval" data-testid={`approval-${nodeId}`}>
        <p className="run-approval__message">{request.message}</p>
        <p className="run-approval__decision" data-testid={`approval-decision-${nodeId}`}>
          {DECIDED[request.decision]} by {who}
          {when ? ` at ${when}` : ''}
          {request.comment ? `: ${request.comment}` : ''}
        </p>
      </div>
    );
  }

  const decide = async (decision: ApprovalDecisionBody['decision']) => {
    setBusy(true);
    setError(null);
    try {
      const value = request.fields.length > 0 ? fields : text;
      await apiRequest<ApprovalDecision>(
        `/api/workspaces/${workspaceId}/runs/${runId}/approvals/${encodeURIComponent(nodeKey)}`,
        {
          method: 'POST',
          body: { decision, ...(decision === 'approve' ? { value } : {}), ...(comment ? { comment } : {}) },
        },
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="run-approval run-approval--pending" data-testid={`approval-${nodeId}`}>
      <p className="run-approval__message">{request.message}</p>
      {request.timeoutAt && (
        <p className="field__hint">Times out at {new Date(request.timeoutAt).toLocaleTimeString()}</p>
      )}
      {request.fields.length > 0 ? (
        request.fields.map((f) => (
          <label key={f.name} className="field">
            <span className="field__label">{f.label}</span>
            <input
              className="field__input"
              value={fields[f.name] ?? ''}
              disabled={readOnly || busy}
              data-testid={`approval-field-${nodeId}-${f.name}`}
              onChange={(e) => setFields({ ...fields, [f.name]: e.target.value })}
            />
          </label>
        ))
      ) : (
        <label className="field">
          <span className="field__label">Value</span>
          <textarea
            className="field__input"
            rows={3}
            value={text}
            disabled={readOnly || busy}
            data-testid={`approval-value-${nodeId}`}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
      )}
      {!readOnly && (
        <>
          <label className="field">
            <span className="field__label">Comment (optional)</span>
            <input
              className="field__input"
              value={comment}
              disabled={busy}
              onChange={(e) => setComment(e.target.value)}
            />
          </label>
          <div className="run-approval__actions">
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              data-testid={`approval-approve-${nodeId}`}
              onClick={() => void decide('approve')}
            >
              Approve
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              data-testid={`approval-reject-${nodeId}`}
              onClick={() => void decide('reject')}
            >
              Reject
            </button>
          </div>
        </>
      )}
      {readOnly && <p className="field__hint">Waiting for an editor to decide.</p>}
      {error && (
        <p className="run-approval__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
