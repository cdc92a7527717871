import {
  getNodeText,
  MAP_DEFAULT_CONCURRENCY,
  MAP_MAX_CONCURRENCY,
  type MapFailurePolicy,
  type MapListFormat,
  mapDataOf,
} from '@synapse/schema';
import { ModelCallSettings } from './ModelCallSettings';
import { ModelPromptFields } from './ModelPromptFields';
import type { NodeSettingsProps } from './NodeSettingsProps';
import { NumberField } from './NumberField';
import { PromptField } from './PromptField';
import { SelectField } from './SelectField';
import { useNodeField } from './useNodeField';
import { useProviders } from './useProviders';

const FORMATS: { value: MapListFormat; label: string }[] = [
  { value: 'json', label: 'A JSON array' },
  { value: 'lines', label: 'One item per line' },
];

const POLICIES: { value: MapFailurePolicy; label: string }[] = [
  { value: 'fail', label: 'Fail the node' },
  { value: 'skip', label: 'Skip the item (it becomes null)' },
];

/** A Map: the list to iterate, the agent run per item, how many at once and what a failed item does. */
export function MapSettings(props: NodeSettingsProps) {
  const { doc, node, graph, problems, readOnly } = props;
  const map = mapDataOf(node);
  const { set } = useNodeField(doc, node.id);
  const { providers } = useProviders();
  const list = getNodeText(doc, node.id, 'list');
  const id = (name: string) => `node-${node.id}-${name}`;

  return (
    <>
      {list && (
        <PromptField
          ytext={list}
          nodeId={node.id}
          field="list"
          label="List"
          graph={graph}
          problems={problems.filter((p) => p.field === 'list')}
          readOnly={readOnly}
          rows={2}
          placeholder="{{nodes.ideas.output}}"
        />
      )}
      <SelectField
        id={id('listFormat')}
        label="The list is"
        value={map.listFormat}
        options={FORMATS}
        readOnly={readOnly}
        testId="map-list-format"
        onChange={(value) => set('listFormat', value)}
      />
      <ModelPromptFields
        {...props}
        model={map}
        providers={providers}
        systemPlaceholder="You expand one idea into a paragraph…"
        userLabel="Prompt per item"
        userPlaceholder="{{item}}"
        hint={
          <>
            <code>{'{{item}}'}</code> is the item, <code>{'{{index}}'}</code> its position (from 0). The
            output is a JSON array of the answers, in list order.
          </>
        }
      />
      <div className="field-grid">
        <NumberField
          id={id('concurrency')}
          label="At once"
          value={map.concurrency ?? MAP_DEFAULT_CONCURRENCY}
          onCommit={(v) => set('concurrency', v)}
          readOnly={readOnly}
          min={1}
          max={MAP_MAX_CONCURRENCY}
          integer
          testId="map-concurrency"
        />
        <SelectField
          id={id('failurePolicy')}
          label="When an item fails"
          value={map.failurePolicy}
          options={POLICIES}
          readOnly={readOnly}
          testId="map-failure-policy"
          onChange={(value) => set('failurePolicy', value)}
        />
      </div>
      <ModelCallSettings
        nodeId={node.id}
        values={map}
        providers={providers}
        readOnly={readOnly}
        open={false}
        set={set}
      />
    </>
  );
}
