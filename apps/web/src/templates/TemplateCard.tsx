import type { WorkflowTemplate } from '@synapse/templates';
import { GraphPreview } from './GraphPreview';

interface TemplateCardProps {
  template: WorkflowTemplate;
  onUse(): void;
  /** Why Use is unavailable (viewer, no local copy yet), or null. */
  disabledReason: string | null;
  busy: boolean;
}

export function TemplateCard({ template, onUse, disabledReason, busy }: TemplateCardProps) {
  const agents = template.graph.nodes.filter((n) => n.type === 'agent').length;
  const routers = template.graph.nodes.filter((n) => n.type === 'router').length;
  const requests = template.graph.nodes.filter((n) => n.type === 'http').length;
  const steps = template.graph.nodes
    .filter((n) => n.type === 'agent' || n.type === 'router' || n.type === 'http')
    .map((n) => n.data.label)
    .join(' · ');
  return (
    <li className="template-card" data-testid={`template-${template.id}`}>
      <div className="template-card__preview">
        <GraphPreview graph={template.graph} title={`${template.name}: workflow graph`} compact />
      </div>
      <div className="template-card__body">
        <h2 className="template-card__name">{template.name}</h2>
        <p className="template-card__description">{template.description}</p>
        <p className="template-card__steps">{steps}</p>
        <p className="template-card__meta">
          {agents} agent{agents === 1 ? '' : 's'}
          {routers > 0 && ` · ${routers} router${routers === 1 ? '' : 's'}`}
          {requests > 0
            ? ` · ${requests} HTTP request${requests === 1 ? '' : 's'} · models run on the local model`
            : ' · runs offline on the local model'}
        </p>
        {(template.secrets?.length ?? 0) > 0 && (
          <p className="template-card__meta" data-testid={`template-secrets-${template.id}`}>
            Needs the workspace secret{template.secrets?.length === 1 ? '' : 's'}{' '}
            {template.secrets?.map((name, i) => (
              <span key={name}>
                {i > 0 && ', '}
                <code>{name}</code>
              </span>
            ))}
          </p>
        )}
        {template.suggestedSchedule && (
          <p className="template-card__meta">
            Suggested schedule: <code>{template.suggestedSchedule.cron}</code> (
            {template.suggestedSchedule.tz})
          </p>
        )}
        <ul className="template-card__tags" aria-label="Tags">
          {template.tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
            </li>
          ))}
        </ul>
      </div>
      <div className="template-card__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={onUse}
          disabled={disabledReason !== null || busy}
          title={disabledReason ?? undefined}
          data-testid={`use-template-${template.id}`}
        >
          {busy ? 'Creating…' : 'Use template'}
        </button>
      </div>
    </li>
  );
}
