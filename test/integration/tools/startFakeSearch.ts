import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSearch {
  url: string;
  /** Every request: path, the key header it carried and the query. */
  requests: { path: string; key: string | undefined; query: string }[];
  close(): Promise<void>;
}

const RESULTS = [
  {
    title: 'Tidal power - Wikipedia',
    url: 'https://en.wikipedia.org/wiki/Tidal_power',
    text: 'Tidal power converts the energy of tides.',
  },
  { title: 'La Rance tidal station', url: 'https://example.org/rance', text: 'Opened in 1966 in Brittany.' },
];

/** Fake Brave Search (`GET /res/v1/web/search`) and Tavily (`POST /search`) APIs, speaking their JSON shapes. */
export async function startFakeSearch(): Promise<FakeSearch> {
  const requests: FakeSearch['requests'] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'GET' && url.pathname === '/res/v1/web/search') {
      requests.push({
        path: url.pathname,
        key: req.headers['x-subscription-token'] as string,
        query: url.searchParams.get('q') ?? '',
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          type: 'search',
          web: {
            type: 'search',
            results: RESULTS.map((r) => ({ title: r.title, url: r.url, description: r.text })),
          },
        }),
      );
      return;
    }
    if (req.method === 'POST' && url.pathname === '/search') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string };
      requests.push({ path: url.pathname, key: req.headers.authorization, query: body.query });
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          query: body.query,
          results: RESULTS.map((r) => ({ title: r.title, url: r.url, content: r.text, score: 0.9 })),
        }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
