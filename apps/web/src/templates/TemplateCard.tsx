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
  const steps = template.graph.nodes
    .filter((n) => n.type === 'agent' || n.type === 'router')
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
          {routers > 0 && ` · ${routers} router${routers === 1 ? '' : 's'}`} · runs offline on the local model
        </p>
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
