import './workspacePage.css';
import type { ReactNode } from 'react';
import { PageCrumbs } from '../history/PageCrumbs';
import { AppHeader } from './AppHeader';

interface WorkspacePageProps {
  workspaceId: string;
  /** The page's name: the last breadcrumb and the heading. */
  title: string;
  description: ReactNode;
  /** Controls beside the heading (search, range pickers, exports). */
  actions?: ReactNode;
  testId: string;
  children: ReactNode;
}

/**
 * The frame of a workspace page (Memory, Tools): breadcrumbs in the header, a heading with a one-line
 * description and its controls, then the page's sections, at the Analytics page's width and spacing.
 */
export function WorkspacePage({
  workspaceId,
  title,
  description,
  actions,
  testId,
  children,
}: WorkspacePageProps) {
  return (
    <div className="app-shell">
      <AppHeader>
        <PageCrumbs workspaceId={workspaceId} current={title} />
      </AppHeader>
      <main className="workspace-page" data-testid={testId}>
        <header className="workspace-page__head">
          <div>
            <h1>{title}</h1>
            <p className="muted">{description}</p>
          </div>
          {actions && <div className="workspace-page__actions">{actions}</div>}
        </header>
        {children}
      </main>
    </div>
  );
}
