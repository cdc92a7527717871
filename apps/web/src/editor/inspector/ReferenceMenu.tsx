import type { ReferenceCandidate } from './referenceCandidates';

interface ReferenceMenuProps {
  id: string;
  candidates: readonly ReferenceCandidate[];
  active: number;
  onChoose: (candidate: ReferenceCandidate) => void;
}

/** The `{{` autocomplete list; the textarea keeps focus and drives it (combobox pattern). */
export function ReferenceMenu({ id, candidates, active, onChoose }: ReferenceMenuProps) {
  return (
    <div
      id={id}
      className="reference-menu"
      role="listbox"
      aria-label="References"
      data-testid="reference-menu"
    >
      {candidates.map((c, i) => (
        // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox textarea handles the keyboard
        <div
          key={c.insert}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          tabIndex={-1}
          className="reference-menu__item"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onChoose(c)}
        >
          <span className="reference-menu__label">{c.label}</span>
          <code className="reference-menu__insert">{c.insert}</code>
          <span className="reference-menu__detail">{c.detail}</span>
        </div>
      ))}
    </div>
  );
}
