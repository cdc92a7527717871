import type { InputVariable } from '@synapse/schema';
import { useMemo, useState } from 'react';
import { Link } from '../routing/Link';
import { toolsPath } from '../routing/parseRoute';
import { apiSnippets, exampleInputs, type SnippetLanguage, TOKEN_VARIABLE } from './apiSnippets';
import { CopyButton } from './CopyButton';
import { TabBar } from './TabBar';

const LANGUAGES: { id: SnippetLanguage; label: string }[] = [
  { id: 'curl', label: 'curl' },
  { id: 'python', label: 'Python' },
  { id: 'typescript', label: 'TypeScript' },
];

/** How to start this workflow from a script: the run API call with its inputs, ready to copy. */
export function ApiSnippetsSection(props: {
  workspaceId: string;
  workflowId: string;
  variables: InputVariable[];
}) {
  const [language, setLanguage] = useState<SnippetLanguage>('curl');
  const snippets = useMemo(
    () =>
      apiSnippets({
        origin: location.origin,
        workflowId: props.workflowId,
        inputs: exampleInputs(props.variables),
      }),
    [props.workflowId, props.variables],
  );
  return (
    <section className="triggers__section" data-testid="triggers-api">
      <p className="muted">
        Starts a run of the <strong>published</strong> version and waits up to 30 s for its outputs. Create an
        API token with the <em>run</em> scope on the <Link href={toolsPath(props.workspaceId)}>Tools</Link>{' '}
        page, then <code>export {TOKEN_VARIABLE}=syn_…</code> in your shell before running it.
      </p>
      <TabBar
        tabs={LANGUAGES}
        value={language}
        onChange={setLanguage}
        label="Language"
        testId="snippet-tab"
      />
      <pre className="triggers__code" data-testid={`snippet-${language}`}>
        <code>{snippets[language]}</code>
      </pre>
      <CopyButton text={snippets[language]} testId="snippet-copy" />
    </section>
  );
}
