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

/** Longer values (prompts, notes) are summarised: a list line cannot hold two of them side by side. */
const MAX_SHOWN = 40;

function shownValue(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return '(none)';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || value.includes('\n') || value.length > MAX_SHOWN) return null;
  return `“${value}”`;
}

/**
 * One changed field with its old and new value — `Name “Researcher” → “Lead researcher”`,
 * `Temperature 0.7 → 0.2` — or, for values too long or structured to show inline (prompts, branches,
 * positions), the field name and "edited".
 */
export function describeFieldChange(
  field: string,
  before: { type: string; data: Record<string, unknown> },
  after: { type: string; data: Record<string, unknown> },
): string {
  const name = describeField(field);
  const from = field === 'type' ? before.type : before.data[field];
  const to = field === 'type' ? after.type : after.data[field];
  if (field === 'position') return `${name} moved`;
  const a = shownValue(from);
  const b = shownValue(to);
  return a !== null && b !== null ? `${name} ${a} → ${b}` : `${name} edited`;
}
