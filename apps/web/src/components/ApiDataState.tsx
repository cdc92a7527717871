import type { ApiData } from '../account/useApiData';
import { ScreenMessage } from './ScreenMessage';

interface ApiDataStateProps {
  data: ApiData<unknown>;
  reload(): void;
  /** "Loading MCP servers…" */
  loading: string;
  /** "Could not load the MCP servers" */
  failed: string;
  testId?: string;
}

/** A `useApiData` result's loading and error states (with a retry), the same on every page; null once ready. */
export function ApiDataState({ data, reload, loading, failed, testId }: ApiDataStateProps) {
  if (data.state === 'loading') return <ScreenMessage kind="loading" title={loading} />;
  if (data.state === 'error')
    return (
      <ScreenMessage kind="error" title={failed} testId={testId}>
        <p>{data.message}</p>
        <button type="button" className="button" onClick={reload} data-testid={testId && `${testId}-retry`}>
          Try again
        </button>
      </ScreenMessage>
    );
  return null;
}
