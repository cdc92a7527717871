import type { ReactNode } from 'react';
import { Link } from '../routing/Link';
import { SynapseLogo } from './SynapseLogo';

interface AppHeaderProps {
  /** Breadcrumb / title area. */
  children?: ReactNode;
  /** Buttons and the sync status, right-aligned. */
  actions?: ReactNode;
}

export function AppHeader({ children, actions }: AppHeaderProps) {
  return (
    <header className="app-header">
      <Link href="/" className="app-header__brand" aria-label="Synapse — all workflows">
        <SynapseLogo size={26} />
        <span>Synapse</span>
      </Link>
      <div className="app-header__title">{children}</div>
      <div className="app-header__actions">{actions}</div>
    </header>
  );
}
