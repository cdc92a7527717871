import type { ReactNode } from 'react';
import { AccountMenu } from '../account/AccountMenu';
import { Link } from '../routing/Link';
import { useRoute } from '../routing/useRoute';
import { SynapseLogo } from './SynapseLogo';
import { WorkspaceNav } from './WorkspaceNav';

interface AppHeaderProps {
  /** Breadcrumb / title area. */
  children?: ReactNode;
  /** Buttons and the sync status, right-aligned. */
  actions?: ReactNode;
}

export function AppHeader({ children, actions }: AppHeaderProps) {
  const route = useRoute();
  return (
    <header className="app-header">
      <Link href="/" className="app-header__brand" aria-label="Synapse — all workflows">
        <SynapseLogo size={26} />
        <span>Synapse</span>
      </Link>
      <div className="app-header__title">{children}</div>
      <WorkspaceNav route={route} />
      <div className="app-header__actions">
        {actions}
        <AccountMenu />
      </div>
    </header>
  );
}
