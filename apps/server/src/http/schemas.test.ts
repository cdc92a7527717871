import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import * as api from '@synapse/schema/api';
import { describe, expect, it } from 'vitest';
import { errorResponses, Id } from './schemas';

// The shared API schemas are plain zod (packages/schema imports no OpenAPI library); their names reach
// /api/openapi.json through zod's `.meta({ id })`. This pins that the installed @hono/zod-openapi reads
// them, so an upgrade that stops doing so fails here rather than leaving the document without them.

const named = Object.entries(api).flatMap(([exportName, schema]) => {
  if (!(schema instanceof z.ZodType)) return [];
  const id = schema.meta()?.id;
  return typeof id === 'string' ? [{ exportName, id, schema }] : [];
});

function documentFor(schema: z.ZodType) {
  const app = new OpenAPIHono();
  const route = createRoute({
    method: 'get',
    path: '/api/things/{id}',
    request: { params: z.object({ id: Id }) },
    responses: {
      200: { description: 'ok', content: { 'application/json': { schema } } },
      ...errorResponses,
    },
  });
  app.openapi(route, (c) => c.json({} as never, 200));
  return app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
}

describe('shared API schemas in the OpenAPI document', () => {
  it('names the shapes the routes and the web share', () => {
    expect(named.map((n) => n.id)).toEqual(
      expect.arrayContaining(['Error', 'Run', 'Session', 'Member', 'ProviderKey', 'WorkflowVersion']),
    );
    expect(new Set(named.map((n) => n.id)).size).toBe(named.length);
  });

  it.each(named)('$exportName is the component $id, referenced by the route', ({ id, schema }) => {
    const doc = documentFor(schema);
    // An object or scalar has a type; a union (RunVersionChoice) is its alternatives.
    const component = doc.components?.schemas?.[id] as { type?: unknown; anyOf?: unknown } | undefined;
    expect(typeof component?.type === 'string' || Array.isArray(component?.anyOf), id).toBe(true);
    const ok = doc.paths?.['/api/things/{id}']?.get?.responses?.[200];
    expect(JSON.stringify(ok)).toContain(`"$ref":"#/components/schemas/${id}"`);
  });

  it('describes every error response with the shared error body', () => {
    const doc = documentFor(api.RunRowSchema);
    const responses = doc.paths?.['/api/things/{id}']?.get?.responses ?? {};
    for (const status of ['400', '401', '403', '404'])
      expect(JSON.stringify(responses[status])).toContain('"$ref":"#/components/schemas/Error"');
    expect(doc.components?.schemas?.Error).toMatchObject({ required: ['error'] });
  });
});
