const FIELD_NAMES: Readonly<Record<string, string>> = {
  type: 'Type',
  label: 'Name',
  provider: 'Provider',
  model: 'Model',
  systemPrompt: 'System prompt',
  userPrompt: 'Prompt',
  position: 'Position',
  temperature: 'Temperature',
  maxTokens: 'Max tokens',
  timeoutMs: 'Timeout',
  retries: 'Retries',
  fallbacks: 'Fallbacks',
  preset: 'Preset',
  mode: 'Routing mode',
  branches: 'Branches',
  variables: 'Variables',
  value: 'Value',
  text: 'Text',
};

/** A node field as people read it in a list of changes; unknown fields keep their key. */
export function describeField(field: string): string {
  return Object.hasOwn(FIELD_NAMES, field) ? (FIELD_NAMES[field] as string) : field;
}
