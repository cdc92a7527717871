type HeaderSource = Headers | Record<string, string | undefined> | undefined | null;

function read(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | undefined>;
  return record[name] ?? record[name.toLowerCase()];
}

/**
 * Milliseconds a server asked us to wait: `retry-after-ms` (OpenAI/Azure), else `retry-after` as
 * seconds or an HTTP date. Undefined when absent or unparseable; never negative.
 */
export function parseRetryAfterMs(headers: HeaderSource, now: () => number = Date.now): number | undefined {
  const ms = read(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = read(headers, 'retry-after')?.trim();
  if (!after) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}
