import { describeUnknownReference, type UnknownReference, type WorkflowGraph } from '@synapse/schema';
import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { applyTextDiff } from '../applyTextDiff';
import { YTextArea } from '../YTextArea';
import { ReferenceMenu } from './ReferenceMenu';
import {
  filterCandidates,
  insertReference,
  type ReferenceCandidate,
  referenceCandidates,
  referenceQueryAt,
} from './referenceCandidates';

const TEST_IDS: Record<string, string> = {
  systemPrompt: 'system-prompt-input',
  userPrompt: 'user-prompt-input',
  url: 'http-url-input',
  body: 'http-body-input',
};

interface PromptFieldProps {
  ytext: Y.Text;
  nodeId: string;
  /** A text field of the node (`TEXT_FIELDS`): a prompt, a map's list, an HTTP request's URL or body. */
  field: string;
  label: string;
  graph: WorkflowGraph;
  problems: readonly UnknownReference[];
  readOnly: boolean;
  rows: number;
  placeholder: string;
}

/**
 * A collaborative prompt (Y.Text) with `{{` autocomplete offering only what this node can read —
 * upstream outputs and upstream input variables — and the references a run could not satisfy listed
 * underneath.
 */
export function PromptField(props: PromptFieldProps) {
  const { ytext, nodeId, field, label, graph, problems, readOnly, rows, placeholder } = props;
  const ref = useRef<HTMLTextAreaElement>(null);
  const [menu, setMenu] = useState<{ start: number; query: string; index: number } | null>(null);
  const candidates = useMemo(() => referenceCandidates(graph, nodeId), [graph, nodeId]);
  const matches = menu ? filterCandidates(candidates, menu.query) : [];
  const open = menu !== null && matches.length > 0;
  const id = `node-${nodeId}-${field}`;
  const listId = `${id}-references`;
  const labelOf = (nid: string) => graph.nodes.find((n) => n.id === nid)?.data.label || nid;

  const track = (el: HTMLTextAreaElement) => {
    const query = readOnly ? null : referenceQueryAt(el.value, el.selectionStart);
    setMenu((prev) => (query ? { ...query, index: prev?.start === query.start ? prev.index : 0 } : null));
  };

  const choose = (candidate: ReferenceCandidate) => {
    const el = ref.current;
    if (!el || !menu) return;
    const next = insertReference(el.value, el.selectionStart, menu.start, candidate.insert);
    applyTextDiff(ytext, next.text);
    el.value = next.text;
    el.setSelectionRange(next.caret, next.caret);
    setMenu(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open || !menu) return;
    const move = (delta: number) =>
      setMenu({ ...menu, index: (menu.index + delta + matches.length) % matches.length });
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Enter' || event.key === 'Tab') {
      const picked = matches[Math.min(menu.index, matches.length - 1)];
      if (picked) choose(picked);
    } else if (event.key === 'Escape') setMenu(null);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  const active = open ? Math.min(menu.index, matches.length - 1) : -1;
  return (
    <div className="field prompt-field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="prompt-field__box">
        <YTextArea
          ytext={ytext}
          id={id}
          readOnly={readOnly}
          rows={rows}
          placeholder={placeholder}
          testId={TEST_IDS[field] ?? `${field}-input`}
          inputRef={ref}
          onCaret={track}
          onKeyDown={onKeyDown}
          onBlur={() => setMenu(null)}
          ariaProps={{
            'aria-autocomplete': 'list',
            'aria-controls': open ? listId : undefined,
            'aria-activedescendant': open ? `${listId}-${active}` : undefined,
          }}
        />
        {open && <ReferenceMenu id={listId} candidates={matches} active={active} onChoose={choose} />}
      </div>
      {problems.length > 0 && (
        <ul className="field__problems" data-testid={`${field}-problems`}>
          {problems.map((p) => (
            <li key={`${p.reason}:${p.reference}`}>{describeUnknownReference(p, labelOf)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
