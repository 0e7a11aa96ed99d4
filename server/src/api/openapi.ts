import { OpenAPIRegistry, OpenApiGeneratorV31, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/**
 * The OpenAPI document is generated from the same zod schemas the routes validate with, so it cannot drift.
 * Routers call `documentRoute` next to each route they mount.
 */
export const registry = new OpenAPIRegistry();

registry.registerComponent('securitySchemes', 'bearer', {
  type: 'http',
  scheme: 'bearer',
  description: 'A personal API token (`npm run akte -- create-token`, or POST /api/v1/tokens)',
});
registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'akte_session' });

const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path below /api/v1, e.g. `/partners/:id`. */
  path: string;
  tag: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  status?: number;
  public?: boolean;
}

export function documentRoute(doc: RouteDoc): void {
  const openApiPath = '/api/v1' + doc.path.replace(/:(\w+)/g, '{$1}');
  const pathParams = doc.params ?? pathParamsOf(doc.path);
  const config: RouteConfig = {
    method: doc.method,
    path: openApiPath,
    tags: [doc.tag],
    summary: doc.summary,
    security: doc.public ? [] : [{ bearer: [] }, { session: [] }],
    request: {
      ...(pathParams ? { params: pathParams } : {}),
      ...(doc.query ? { query: doc.query } : {}),
      ...(doc.body ? { body: { content: { 'application/json': { schema: doc.body } } } } : {}),
    },
    responses: {
      [doc.status ?? 200]: {
        description: 'Success',
        ...(doc.response ? { content: { 'application/json': { schema: doc.response } } } : {}),
      },
      400: { description: 'Invalid input', content: { 'application/json': { schema: errorBody } } },
      401: { description: 'Not authenticated', content: { 'application/json': { schema: errorBody } } },
      403: { description: 'Not allowed', content: { 'application/json': { schema: errorBody } } },
      404: { description: 'Not found (or not visible to you)', content: { 'application/json': { schema: errorBody } } },
    },
  };
  registry.registerPath(config);
}

function pathParamsOf(path: string): z.ZodObject | undefined {
  const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  if (!names.length) return undefined;
  return z.object(Object.fromEntries(names.map((n) => [n, z.string()])));
}

export function generateOpenApiDocument(serverUrl: string): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Akte CRM API', version: '1.0.0', description: 'REST API of the Akte CRM server' },
    servers: [{ url: serverUrl }],
  });
}
