import type { NodeSettingsProps } from './NodeSettingsProps';
import { useNodeField } from './useNodeField';

export function NoteSettings({ doc, node, readOnly }: NodeSettingsProps) {
  const { set } = useNodeField(doc, node.id);
  const text = typeof node.data.text === 'string' ? node.data.text : '';
  const id = `node-${node.id}-text`;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Text
      </label>
      <textarea
        id={id}
        className="field__input field__textarea"
        rows={5}
        readOnly={readOnly}
        value={text}
        data-testid="note-text-input"
        onChange={(event) => set('text', event.target.value)}
      />
      <p className="field__hint">Notes are for people: they never run and cannot be connected.</p>
    </div>
  );
}
