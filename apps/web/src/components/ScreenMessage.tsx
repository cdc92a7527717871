import type { ReactNode } from 'react';

interface ScreenMessageProps {
  kind: 'loading' | 'empty' | 'error';
  title: string;
  children?: ReactNode;
  testId?: string;
}

/** The loading, empty and error states every screen shows in the same shape. */
export function ScreenMessage({ kind, title, children, testId }: ScreenMessageProps) {
  return (
    <div
      className={`screen-message screen-message--${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {kind === 'loading' && <span className="spinner" aria-hidden="true" />}
      {kind === 'error' && (
        <span className="screen-message__icon" aria-hidden="true">
          !
        </span>
      )}
      <h2 className="screen-message__title">{title}</h2>
      {children && <div className="screen-message__body">{children}</div>}
    </div>
  );
}
