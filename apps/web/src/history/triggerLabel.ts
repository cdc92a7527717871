/** How a run's trigger reads in a list: null for the Run button (or runs from before triggers were kept). */
export function triggerLabel(trigger: string | null | undefined): string | null {
  if (!trigger || trigger === 'manual') return null;
  if (trigger === 'api') return 'API';
  if (trigger === 'mcp') return 'MCP';
  const kind = trigger.split(':')[0];
  return kind === 'webhook' || kind === 'schedule' ? kind : trigger;
}

const KIND_NAMES: Record<string, string> = {
  manual: 'Run button',
  api: 'Run API',
  mcp: 'MCP tool',
  webhook: 'Webhooks',
  schedule: 'Schedules',
};

/** A trigger kind (the analytics' grouping: `manual`, `api`, `mcp`, `webhook`, `schedule`) as a row name. */
export function triggerKindName(kind: string): string {
  return KIND_NAMES[kind] ?? kind;
}
