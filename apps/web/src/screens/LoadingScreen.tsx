import { AppHeader } from '../components/AppHeader';
import { ScreenMessage } from '../components/ScreenMessage';

export function LoadingScreen({ title }: { title: string }) {
  return (
    <div className="app-shell">
      <AppHeader />
      <main className="screen-center">
        <ScreenMessage kind="loading" title={title} />
      </main>
    </div>
  );
}
