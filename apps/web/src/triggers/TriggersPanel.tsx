import type { InputVariable } from '@synapse/schema';
import { useState } from 'react';
import { ApiSnippetsSection } from './ApiSnippetsSection';
import { SchedulesSection } from './SchedulesSection';
import { TabBar } from './TabBar';
import { WebhooksSection } from './WebhooksSection';
import './triggers.css';

type Tab = 'api' | 'webhooks' | 'schedules';
const TABS: { id: Tab; label: string }[] = [
  { id: 'api', label: 'API' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'schedules', label: 'Schedules' },
];

interface TriggersPanelProps {
  workspaceId: string;
  workflowId: string;
  /** The workflow's declared run inputs (its Input nodes). */
  variables: InputVariable[];
  /** Viewers see everything and change nothing. */
  readOnly: boolean;
  onClose: () => void;
}

/**
 * What starts this workflow without the Run button: the run API (snippets), webhooks and schedules, with
 * their recent deliveries and ticks linked to the runs they started. A drawer over the canvas (`T`).
 */
export function TriggersPanel(props: TriggersPanelProps) {
  const [tab, setTab] = useState<Tab>('api');
  return (
    <aside className="triggers" id="triggers-panel" aria-label="Triggers" data-testid="triggers-panel">
      <header className="triggers__head">
        <h2>Triggers</h2>
        <button
          type="button"
          className="button button--ghost"
          onClick={props.onClose}
          aria-label="Close triggers"
        >
          ×
        </button>
      </header>
      <TabBar tabs={TABS} value={tab} onChange={setTab} label="Trigger kind" testId="triggers-tab" />
      <div className="triggers__body">
        {props.readOnly && (
          <p className="muted" data-testid="triggers-read-only">
            You have view-only access: editors create and change triggers.
          </p>
        )}
        {tab === 'api' && <ApiSnippetsSection {...props} />}
        {tab === 'webhooks' && <WebhooksSection {...props} />}
        {tab === 'schedules' && <SchedulesSection {...props} />}
      </div>
    </aside>
  );
}
