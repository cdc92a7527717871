import { AppHeader } from '../components/AppHeader';
import { ScreenMessage } from '../components/ScreenMessage';
import { Link } from '../routing/Link';

export function NotFoundScreen({ path }: { path: string }) {
  return (
    <div className="app-shell">
      <AppHeader />
      <main className="screen-center">
        <ScreenMessage kind="error" title="Page not found">
          <p>
            Nothing lives at <code>{path}</code>.
          </p>
          <p>
            <Link href="/" className="button">
              Back to workflows
            </Link>
          </p>
        </ScreenMessage>
      </main>
    </div>
  );
}
