import type { ServerResponse } from 'node:http';
import {
  type LoopbackRequest,
  type LoopbackServer,
  sendJson,
  startLoopbackServer,
} from './startLoopbackServer';

export interface FakeLinkedInPost {
  id: string;
  author: string;
  commentary: string;
  visibility: string;
  lifecycleState: string;
}

export interface FakeLinkedIn extends LoopbackServer {
  posts: FakeLinkedInPost[];
}

/**
 * A LinkedIn-like posting API on loopback, shaped like LinkedIn's Posts API: `POST /rest/posts` with a
 * bearer token, a `LinkedIn-Version` header and `{ author, commentary, visibility, lifecycleState }`
 * answers 201 with the post's URN in `x-restli-id` and no body; `GET /rest/posts?author=…` lists them.
 */
export async function startFakeLinkedIn(options: { token: string }): Promise<FakeLinkedIn> {
  const posts: FakeLinkedInPost[] = [];
  const handle = (request: LoopbackRequest, res: ServerResponse) => {
    if (request.path !== '/rest/posts') return sendJson(res, 404, { message: 'Not Found', status: 404 });
    if (request.headers.authorization !== `Bearer ${options.token}`)
      return sendJson(res, 401, {
        message: 'Invalid access token',
        status: 401,
        code: 'INVALID_ACCESS_TOKEN',
      });
    if (!request.headers['linkedin-version'])
      return sendJson(res, 400, {
        message: 'A version must be present',
        status: 400,
        code: 'VERSION_MISSING',
      });
    if (request.method === 'GET') {
      const author = request.query.get('author');
      const elements = posts.filter((p) => !author || p.author === author);
      return sendJson(res, 200, {
        elements,
        paging: { start: 0, count: elements.length, total: elements.length },
      });
    }
    if (request.method !== 'POST') return sendJson(res, 405, { message: 'Method not allowed', status: 405 });
    let body: Partial<FakeLinkedInPost>;
    try {
      body = JSON.parse(request.body) as Partial<FakeLinkedInPost>;
    } catch {
      return sendJson(res, 400, { message: 'Malformed JSON', status: 400 });
    }
    if (typeof body.author !== 'string' || typeof body.commentary !== 'string' || !body.commentary.trim())
      return sendJson(res, 422, { message: 'author and commentary are required', status: 422 });
    const post: FakeLinkedInPost = {
      id: `urn:li:share:${7_100_000_000 + posts.length}`,
      author: body.author,
      commentary: body.commentary,
      visibility: typeof body.visibility === 'string' ? body.visibility : 'PUBLIC',
      lifecycleState: typeof body.lifecycleState === 'string' ? body.lifecycleState : 'PUBLISHED',
    };
    posts.push(post);
    sendJson(res, 201, undefined, { 'x-restli-id': post.id });
  };
  const server = await startLoopbackServer(handle);
  return { ...server, posts };
}
