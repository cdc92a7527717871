import { describe, expect, it } from 'vitest';
import { checkCron, previewCron } from './previewCron';

describe('checkCron', () => {
  it('accepts five-field expressions in an IANA zone', () => {
    expect(checkCron('0 9 * * 1', 'Europe/Paris')).toEqual({ ok: true });
    expect(checkCron('*/5 * * * *', 'UTC')).toEqual({ ok: true });
  });

  it('refuses a bad expression, a six-field one and an unknown zone, saying which', () => {
    expect(checkCron('61 * * * *', 'UTC')).toMatchObject({ ok: false, reason: /invalid cron expression/ });
    expect(checkCron('* * * * * *', 'UTC')).toMatchObject({ ok: false, reason: /five fields/ });
    expect(checkCron('0 9 * * 1', 'Mars/Olympus')).toMatchObject({ ok: false, reason: /unknown time zone/ });
  });
});

describe('previewCron', () => {
  it('reads the expression in the time zone, across a daylight-saving change', () => {
    // 09:00 in Paris: UTC+1 in winter, UTC+2 from 29 March 2026.
    const from = Date.UTC(2026, 2, 27, 12);
    expect(previewCron('0 9 * * *', 'Europe/Paris', from, 3).map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('lists ticks strictly after the reference time', () => {
    const from = Date.UTC(2026, 0, 5, 9, 0);
    expect(previewCron('0 9 * * 1', 'UTC', from, 2)).toEqual([
      Date.UTC(2026, 0, 12, 9),
      Date.UTC(2026, 0, 19, 9),
    ]);
  });
});
