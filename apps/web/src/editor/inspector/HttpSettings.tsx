import {
  describeUnknownReference,
  getNodeText,
  HTTP_LIMITS,
  HTTP_METHODS,
  type HttpHeader,
  type HttpMethod,
  httpDataOf,
  httpMethodHasBody,
} from '@synapse/schema';
import { HttpHeadersEditor } from './HttpHeadersEditor';
import type { NodeSettingsProps } from './NodeSettingsProps';
import { NumberField } from './NumberField';
import { PromptField } from './PromptField';
import { useNodeField } from './useNodeField';

/** Header rows as stored, half-typed names included (the runner drops invalid ones, the editor keeps them). */
function storedHeaders(raw: unknown): HttpHeader[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((row) =>
    row && typeof row === 'object'
      ? [{ name: String((row as HttpHeader).name ?? ''), value: String((row as HttpHeader).value ?? '') }]
      : [],
  );
}

/** Settings of an HTTP request node: method, URL, headers and body are templates; secrets go by name. */
export function HttpSettings({ doc, node, graph, problems, readOnly }: NodeSettingsProps) {
  const http = httpDataOf(node);
  const { set } = useNodeField(doc, node.id);
  const url = getNodeText(doc, node.id, 'url');
  const body = getNodeText(doc, node.id, 'body');
  const id = (name: string) => `node-${node.id}-${name}`;
  const labelOf = (nid: string) => graph.nodes.find((n) => n.id === nid)?.data.label || nid;
  const headerProblems = problems.filter((p) => p.field.startsWith('headers.'));

  return (
    <>
      <div className="field">
        <label className="field__label" htmlFor={id('method')}>
          Method
        </label>
        <select
          id={id('method')}
          className="field__input"
          value={http.method}
          disabled={readOnly}
          data-testid="http-method-select"
          onChange={(event) => set('method', event.target.value as HttpMethod)}
        >
          {HTTP_METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      {url && (
        <PromptField
          ytext={url}
          nodeId={node.id}
          field="url"
          label="URL"
          graph={graph}
          problems={problems.filter((p) => p.field === 'url')}
          readOnly={readOnly}
          rows={2}
          placeholder="https://api.example.com/items?q={{input.topic}}"
        />
      )}
      <HttpHeadersEditor
        nodeId={node.id}
        headers={storedHeaders(node.data.headers)}
        readOnly={readOnly}
        onChange={(headers) =>
          set(
            'headers',
            headers.map((h) => ({ name: h.name, value: h.value })),
          )
        }
      />
      {headerProblems.length > 0 && (
        <ul className="field__problems" data-testid="headers-problems">
          {headerProblems.map((p) => (
            <li key={`${p.field}:${p.reason}:${p.reference}`}>{describeUnknownReference(p, labelOf)}</li>
          ))}
        </ul>
      )}
      {httpMethodHasBody(http.method) && (
        <fieldset className="mode-switch" aria-label="Body format">
          <legend className="field__label">Body format</legend>
          {(['json', 'text'] as const).map((type) => (
            <label key={type} className="mode-switch__option">
              <input
                type="radio"
                name={id('bodyType')}
                value={type}
                checked={http.bodyType === type}
                disabled={readOnly}
                onChange={() => set('bodyType', type)}
                data-testid={`http-body-type-${type}`}
              />
              <span>{type === 'json' ? 'JSON (values in quotes are escaped)' : 'Text, as written'}</span>
            </label>
          ))}
        </fieldset>
      )}
      {httpMethodHasBody(http.method) && body && (
        <PromptField
          ytext={body}
          nodeId={node.id}
          field="body"
          label="Body"
          graph={graph}
          problems={problems.filter((p) => p.field === 'body')}
          readOnly={readOnly}
          rows={5}
          placeholder={'{"text": "{{input}}"}'}
        />
      )}
      <p className="field__hint">
        Secrets go by name: <code>{'{{secrets.NAME}}'}</code> is read from the workspace vault when the node
        runs and never stored in the workflow or shown in the run. Later nodes read the response as{' '}
        <code>{`{{nodes.${node.id}.output.status}}`}</code> and{' '}
        <code>{`{{nodes.${node.id}.output.body}}`}</code>.
      </p>
      <details className="inspector__advanced">
        <summary>Request settings</summary>
        <div className="field-grid">
          <NumberField
            id={id('timeout')}
            label="Timeout (s)"
            value={typeof node.data.timeoutMs === 'number' ? node.data.timeoutMs : undefined}
            scale={1000}
            onCommit={(v) => set('timeoutMs', v)}
            readOnly={readOnly}
            min={HTTP_LIMITS.timeoutMs.min / 1000}
            max={HTTP_LIMITS.timeoutMs.max / 1000}
            placeholder={String(HTTP_LIMITS.timeoutMs.default / 1000)}
            testId="http-timeout-input"
          />
          <NumberField
            id={id('retries')}
            label="Retries"
            value={typeof node.data.retries === 'number' ? node.data.retries : undefined}
            onCommit={(v) => set('retries', v)}
            readOnly={readOnly}
            min={HTTP_LIMITS.retries.min}
            max={HTTP_LIMITS.retries.max}
            integer
            placeholder={String(HTTP_LIMITS.retries.default)}
            testId="http-retries-input"
          />
        </div>
        <p className="field__hint">
          Retries follow 429 for every method, and 408/5xx and network errors only for GET, HEAD, PUT and
          DELETE, so a POST is never sent twice.
        </p>
      </details>
    </>
  );
}
