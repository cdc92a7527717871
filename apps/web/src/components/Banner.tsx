import type { ReactNode } from 'react';

interface BannerProps {
  tone: 'error' | 'warning' | 'info';
  children: ReactNode;
  onDismiss?: () => void;
  testId?: string;
}

export function Banner({ tone, children, onDismiss, testId }: BannerProps) {
  return (
    <div
      className={`banner banner--${tone}`}
      role={tone === 'info' ? 'status' : 'alert'}
      data-testid={testId}
    >
      <div className="banner__body">{children}</div>
      {onDismiss && (
        <button type="button" className="banner__dismiss" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}
