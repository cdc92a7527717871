import type { ExportLanguage } from '@synapse/export';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { errorMessage } from '../api/errorMessage';
import { downloadText } from './downloadText';
import { downloadWorkflowFileWithCalls } from './downloadWorkflowFile';
import { fileGraphOf } from './exportWorkflow';
import { fetchSubworkflowBundle } from './fetchSubworkflowBundle';

interface ExportCodeMenuProps {
  doc: Y.Doc;
  workspaceId: string;
  workflowId: string;
}

const CODE_TYPES: Record<ExportLanguage, string> = { python: 'text/x-python', ts: 'text/typescript' };

/**
 * The editor header's "Export" menu: the workflow file, or the workflow as a Python script or a
 * TypeScript module (what `synapse export` writes). All three read the local replica, so they work
 * offline; the workflows Sub-workflow nodes call come from the server (none called: nothing fetched).
 * A workflow that cannot run cannot be exported as code; the menu says why.
 */
export function ExportCodeMenu({ doc, workspaceId, workflowId }: ExportCodeMenuProps) {
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    rootRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const choose = async (lang: ExportLanguage | 'file') => {
    setOpen(false);
    buttonRef.current?.focus();
    if (lang === 'file') {
      setProblem(await downloadWorkflowFileWithCalls(fileGraphOf(doc), { workspaceId, workflowId }));
      return;
    }
    let subworkflows: Awaited<ReturnType<typeof fetchSubworkflowBundle>>;
    try {
      subworkflows = await fetchSubworkflowBundle(workspaceId, workflowId, fileGraphOf(doc));
    } catch (error) {
      setProblem(`Cannot export as code: ${errorMessage(error)}`);
      return;
    }
    // The exporter (its runtimes are long string templates) loads on first use, not with the editor.
    const { exportCode } = await import('./exportCode');
    const result = exportCode(doc, lang, subworkflows);
    if (!result.ok) {
      setProblem(`Cannot export as code: ${result.message}`);
      return;
    }
    setProblem(null);
    downloadText(result.text, result.fileName, CODE_TYPES[lang]);
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(rootRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (event.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else if (event.key === 'Escape') {
      setOpen(false);
      buttonRef.current?.focus();
    } else if (event.key === 'Tab') setOpen(false);
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  const item = (key: ExportLanguage | 'file', label: string) => (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      className="row-menu__item"
      data-testid={`export-${key}`}
      onClick={() => void choose(key)}
    >
      {label}
    </button>
  );

  return (
    <div className="export-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title="Download the workflow as a file, a Python script or a TypeScript module"
        data-testid="export-menu-button"
        onClick={() => setOpen((was) => !was)}
      >
        Export
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label="Export"
          className="row-menu__list"
          tabIndex={-1}
          onKeyDown={onMenuKeyDown}
        >
          {item('file', 'Workflow file (.json)')}
          {item('python', 'Python script (.py)')}
          {item('ts', 'TypeScript module (.mts)')}
        </div>
      )}
      {problem && (
        <p className="export-menu__problem" role="alert" data-testid="export-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
