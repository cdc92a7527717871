import './templates.css';
import { indexDocName } from '@synapse/schema';
import { instantiateTemplate, WORKFLOW_TEMPLATES, type WorkflowTemplate } from '@synapse/templates';
import { useState } from 'react';
import { useWorkspaceRole } from '../account/useWorkspaceRole';
import { errorMessage } from '../api/errorMessage';
import { AppHeader } from '../components/AppHeader';
import { Banner } from '../components/Banner';
import { PageCrumbs } from '../history/PageCrumbs';
import { useDocument } from '../hooks/useDocument';
import { createWorkflow } from '../list/workflowActions';
import { navigate } from '../routing/navigate';
import { editorPath } from '../routing/parseRoute';
import { TemplateCard } from './TemplateCard';

/**
 * Ready-made workflows. "Use template" creates the workflow exactly as the list's New button does — a
 * workflow document plus an index entry, written locally and synced — so it works offline too.
 */
export function TemplateGalleryScreen({ workspaceId }: { workspaceId: string }) {
  const load = useDocument(indexDocName(workspaceId));
  const index = load.state === 'ready' ? load.synced : null;
  const role = useWorkspaceRole(workspaceId);
  const [creating, setCreating] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const disabledReason =
    role === 'viewer'
      ? 'Viewers cannot create workflows in this workspace.'
      : load.state === 'error'
        ? load.message
        : index
          ? null
          : 'Opening the workspace…';

  const use = async (template: WorkflowTemplate) => {
    if (!index) return;
    setCreating(template.id);
    setError(null);
    try {
      const id = await createWorkflow(index, workspaceId, {
        name: template.name,
        graph: instantiateTemplate(template),
      });
      navigate(editorPath(workspaceId, id));
    } catch (e) {
      setError(`Could not create “${template.name}”: ${errorMessage(e)}`);
      setCreating(null);
    }
  };

  return (
    <div className="app-shell">
      <AppHeader>
        <PageCrumbs workspaceId={workspaceId} current="Templates" />
      </AppHeader>
      <main className="templates-page" data-testid="templates-page">
        <div className="templates-page__head">
          <h1>Templates</h1>
          <p className="muted">
            Start from a working multi-agent workflow. Every template runs on the built-in local model, so you
            can try it before adding a provider key — then switch any agent to a real model.
          </p>
        </div>
        {error && (
          <Banner tone="error" onDismiss={() => setError(null)}>
            {error}
          </Banner>
        )}
        <ul className="template-grid" aria-label="Templates">
          {WORKFLOW_TEMPLATES.map((template) => (
            <TemplateCard
              key={template.id}
              template={template}
              onUse={() => void use(template)}
              disabledReason={disabledReason}
              busy={creating === template.id}
            />
          ))}
        </ul>
      </main>
    </div>
  );
}
