import './pageCrumbs.css';
import { Fragment } from 'react';
import { useSession } from '../account/useSession';
import { Link } from '../routing/Link';

interface PageCrumbsProps {
  workspaceId: string;
  /** Links between the workspace and the current page. */
  trail?: { label: string; href: string }[];
  current: string;
}

/** `Workspace / History / Run abc123` in the app header. */
export function PageCrumbs({ workspaceId, trail = [], current }: PageCrumbsProps) {
  // Not in the session (still loading, or not a member): a generic word, never the raw id.
  const name = useSession()?.session?.workspaces.find((w) => w.id === workspaceId)?.name ?? 'Workspace';
  const sep = (
    <span className="crumb-sep" aria-hidden="true">
      /
    </span>
  );
  return (
    <nav className="page-crumbs" aria-label="Breadcrumb">
      <Link className="crumb" href={`/w/${encodeURIComponent(workspaceId)}`} title={name}>
        {name}
      </Link>
      {trail.map((step) => (
        <Fragment key={step.href}>
          {sep}
          <Link className="crumb" href={step.href} title={step.label}>
            {step.label}
          </Link>
        </Fragment>
      ))}
      {sep}
      <span className="crumb crumb--current" aria-current="page" title={current}>
        {current}
      </span>
    </nav>
  );
}
