import { CronExpressionParser } from 'cron-parser';

export type CronCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether pg-boss's cron pass can evaluate `cron` in `timezone`: the same parser (cron-parser, pg-boss's own
 * dependency) with the same options, so what is accepted here is what fires. The expression is judged first
 * in UTC so a bad expression is not reported as a bad zone; the zone is then checked on its own, because
 * cron-parser only notices an unknown zone once it computes a date.
 */
export function checkCron(cron: string, timezone: string): CronCheck {
  if (cron.trim().split(/\s+/).length !== 5)
    return {
      ok: false,
      reason: 'a cron expression has five fields: minute hour day-of-month month day-of-week',
    };
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC', strict: false });
  } catch (error) {
    return { ok: false, reason: `invalid cron expression: ${(error as Error).message}` };
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    return { ok: false, reason: `unknown time zone "${timezone}" (use an IANA name such as Europe/Paris)` };
  }
  return { ok: true };
}

/** The next `count` ticks of `cron` in `timezone` strictly after `from` (epoch ms). */
export function previewCron(cron: string, timezone: string, from: number, count: number): number[] {
  const interval = CronExpressionParser.parse(cron, {
    tz: timezone,
    strict: false,
    currentDate: new Date(from),
  });
  const out: number[] = [];
  for (let i = 0; i < count && interval.hasNext(); i++) out.push(interval.next().getTime());
  return out;
}
