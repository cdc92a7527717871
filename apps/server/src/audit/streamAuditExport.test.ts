import type { AuditEvent } from '@synapse/db';
import { describe, expect, it } from 'vitest';
import { streamAuditExport } from './streamAuditExport';

const event = (id: number, actorName = 'Ann'): AuditEvent => ({
  id,
  workspaceId: 'w',
  actorId: 'a',
  actorName,
  kind: 'run.started',
  target: null,
  details: { n: id },
  createdAt: Date.UTC(2026, 0, 2, 3, 4, 5),
});

/** Pages of two events, counting how many the stream has asked for. */
function pages(total: number) {
  const asked = { count: 0, closed: false };
  async function* generate(): AsyncGenerator<AuditEvent[]> {
    try {
      for (let page = 0; page < total; page++) {
        asked.count += 1;
        yield [event(page * 2 + 1), event(page * 2 + 2)];
      }
    } finally {
      asked.closed = true;
    }
  }
  return { generator: generate(), asked };
}

const text = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe('streamAuditExport', () => {
  it('writes JSON lines and CSV with a header, one page per read', async () => {
    expect(await text(streamAuditExport(pages(1).generator, 'jsonl', () => {}))).toBe(
      [1, 2]
        .map(
          (id) =>
            `{"id":${id},"time":"2026-01-02T03:04:05.000Z","createdAt":${event(id).createdAt},"workspaceId":"w","actorId":"a","actorName":"Ann","kind":"run.started","target":null,"details":{"n":${id}}}\n`,
        )
        .join(''),
    );
    expect(await text(streamAuditExport(pages(1).generator, 'csv', () => {}))).toBe(
      'id,time,workspace_id,actor_id,actor_name,kind,target,details\r\n' +
        '1,2026-01-02T03:04:05.000Z,w,a,Ann,run.started,,"{""n"":1}"\r\n' +
        '2,2026-01-02T03:04:05.000Z,w,a,Ann,run.started,,"{""n"":2}"\r\n',
    );
  });

  it('writes only the header for an empty CSV export', async () => {
    expect(await text(streamAuditExport(pages(0).generator, 'csv', () => {}))).toBe(
      'id,time,workspace_id,actor_id,actor_name,kind,target,details\r\n',
    );
  });

  it('reads pages as the client reads, and stops the scan when the client goes away', async () => {
    const { generator, asked } = pages(1000);
    const reader = streamAuditExport(generator, 'jsonl', () => {}).getReader();
    await reader.read();
    await reader.read();
    expect(asked.count).toBeLessThanOrEqual(3);
    await reader.cancel();
    expect(asked.closed).toBe(true);
  });

  it('errors the download (not a complete-looking file) when a page fails, and reports it', async () => {
    const failure = new Error('database went away');
    async function* failing(): AsyncGenerator<AuditEvent[]> {
      yield [event(1)];
      throw failure;
    }
    const reported: unknown[] = [];
    await expect(text(streamAuditExport(failing(), 'csv', (e) => reported.push(e)))).rejects.toThrow(
      'database went away',
    );
    expect(reported).toEqual([failure]);
  });
});
