import type { InputVariable } from '@synapse/schema';
import { WEBHOOK_SIGNATURES } from '@synapse/schema/api';
import { useState } from 'react';
import { useApiData } from '../account/useApiData';
import { useFormAction } from '../account/useFormAction';
import { ApiDataState } from '../components/ApiDataState';
import { Banner } from '../components/Banner';
import { CopyButton } from './CopyButton';
import { createWebhook, deleteWebhook, listWebhooks } from './triggersApi';
import { WebhookDeliveries } from './WebhookDeliveries';

type Signature = (typeof WEBHOOK_SIGNATURES)[number];
const SIGNATURE_LABELS: Record<Signature, string> = {
  github: 'GitHub (X-Hub-Signature-256)',
  'hmac-sha256': 'HMAC-SHA256 in a header',
  none: 'None: the URL alone',
};

/** The workflow's webhooks: create (URL and secret shown once), list with their deliveries, delete. */
export function WebhooksSection(props: {
  workspaceId: string;
  workflowId: string;
  variables: InputVariable[];
  readOnly: boolean;
}) {
  const { workspaceId, workflowId, variables, readOnly } = props;
  const [hooks, reload] = useApiData(() => listWebhooks(workspaceId, workflowId), [workspaceId, workflowId]);
  const { busy, error, act } = useFormAction();
  const [name, setName] = useState('');
  const [signature, setSignature] = useState<Signature>('github');
  const [templates, setTemplates] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ url: string; secret: string | null } | null>(null);
  const templateOf = (name: string) => templates[name] ?? `{{body.${name}}}`;

  return (
    <section className="triggers__section" data-testid="triggers-webhooks">
      <p className="muted">
        A secret URL that runs the <strong>published</strong> version when something POSTs JSON to it, as you.
      </p>
      {error && (
        <Banner tone="error" testId="webhook-error">
          {error}
        </Banner>
      )}
      {created && (
        <Banner tone="info" onDismiss={() => setCreated(null)} testId="webhook-created">
          <p>Copy these now; they are not shown again.</p>
          <p>
            URL: <code data-testid="webhook-created-url">{created.url}</code>{' '}
            <CopyButton text={created.url} />
          </p>
          {created.secret && (
            <p>
              Secret: <code data-testid="webhook-created-secret">{created.secret}</code>{' '}
              <CopyButton text={created.secret} />
            </p>
          )}
        </Banner>
      )}
      <ApiDataState
        data={hooks}
        reload={reload}
        loading="Loading webhooks…"
        failed="Could not load the webhooks"
      />
      {hooks.state === 'ready' && hooks.data.webhooks.length === 0 && (
        <p className="muted">No webhooks yet.</p>
      )}
      {hooks.state === 'ready' &&
        hooks.data.webhooks.map((hook) => (
          <article key={hook.id} className="triggers__item" data-testid={`webhook-${hook.id}`}>
            <header className="triggers__item-head">
              <strong>{hook.name}</strong>
              <span className="muted">
                …{hook.urlHint} · {hook.signature}
              </span>
              {!readOnly && (
                <button
                  type="button"
                  className="button button--danger"
                  disabled={busy}
                  aria-label={`Delete webhook ${hook.name}`}
                  onClick={act(async () => {
                    await deleteWebhook(workspaceId, workflowId, hook.id);
                    reload();
                  })}
                >
                  Delete
                </button>
              )}
            </header>
            <WebhookDeliveries workspaceId={workspaceId} workflowId={workflowId} webhookId={hook.id} />
          </article>
        ))}
      {!readOnly && (
        <form
          className="triggers__form"
          data-testid="webhook-form"
          onSubmit={act(async () => {
            const inputs: Record<string, string> = {};
            for (const v of variables) if (templateOf(v.name).trim()) inputs[v.name] = templateOf(v.name);
            const made = await createWebhook(workspaceId, workflowId, {
              name: name.trim(),
              signature,
              inputs,
              respond: 'at-once',
            });
            setCreated({ url: `${location.origin}${made.url}`, secret: made.secret });
            setName('');
            reload();
          })}
        >
          <h3>New webhook</h3>
          <label className="field">
            <span className="field__label">Name</span>
            <input
              className="field__input"
              value={name}
              placeholder="GitHub issues"
              onChange={(e) => setName(e.target.value)}
              data-testid="webhook-name"
            />
          </label>
          <label className="field">
            <span className="field__label">Signature</span>
            <select
              className="field__input"
              value={signature}
              onChange={(e) => setSignature(e.target.value as Signature)}
              data-testid="webhook-signature"
            >
              {WEBHOOK_SIGNATURES.map((s) => (
                <option key={s} value={s}>
                  {SIGNATURE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          {variables.map((v) => (
            <label key={v.name} className="field">
              <span className="field__label">
                Input <code>{v.name}</code> from
              </span>
              <input
                className="field__input"
                value={templateOf(v.name)}
                onChange={(e) => setTemplates({ ...templates, [v.name]: e.target.value })}
                data-testid={`webhook-input-${v.name}`}
              />
            </label>
          ))}
          <button type="submit" className="button button--primary" disabled={busy || !name.trim()}>
            Create webhook
          </button>
        </form>
      )}
    </section>
  );
}
