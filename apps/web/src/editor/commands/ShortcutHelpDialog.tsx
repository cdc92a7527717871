import { useEffect, useRef } from 'react';
import { shortcutHelpOpenAtom, useAtom } from '../../state/atoms';
import { SHORTCUT_GROUPS } from './shortcuts';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function keyLabel(key: string): string {
  if (key === 'Mod') return IS_MAC ? '⌘' : 'Ctrl';
  return key;
}

/** The `?` dialog: a native modal dialog, so focus is trapped and Escape closes it. */
export function ShortcutHelpDialog() {
  const [open, setOpen] = useAtom(shortcutHelpOpenAtom);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a backdrop click; the dialog closes on Escape natively
    <dialog
      ref={ref}
      className="shortcut-dialog"
      aria-labelledby="shortcut-dialog-title"
      onClose={() => setOpen(false)}
      onClick={(event) => {
        if (event.target === event.currentTarget) setOpen(false); // click on the backdrop
      }}
      data-testid="shortcut-dialog"
    >
      <header className="shortcut-dialog__header">
        <h2 id="shortcut-dialog-title">Keyboard shortcuts</h2>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => setOpen(false)}
          aria-label="Close"
        >
          ×
        </button>
      </header>
      <div className="shortcut-dialog__groups">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3>{group.title}</h3>
            <dl>
              {group.items.map((item) => (
                <div key={`${item.keys.join('+')}-${item.action}`} className="shortcut-row">
                  <dt>
                    {item.keys.map((k) => (
                      <kbd key={k}>{keyLabel(k)}</kbd>
                    ))}
                  </dt>
                  <dd>{item.action}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}
