import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCors } from './cors.js';
import { errorHandler, notFoundHandler } from './errors.js';

let app: FastifyInstance;
const approved = new Set(['https://desk.example']);

beforeAll(async () => {
  app = Fastify();
  registerCors(app, { open: (url) => url.startsWith('/participant/'), approvedOrigins: () => approved });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.post('/participant/message', async () => ({ ok: true }));
  app.get('/instance', async () => ({ ok: true }));
  await app.ready();
});
afterAll(() => app.close());

const preflight = (url: string, origin: string, extra: Record<string, string> = {}) =>
  app.inject({ method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': 'POST', ...extra } });

describe('CORS', () => {
  it('open paths answer every origin, without credentials', async () => {
    const res = await app.inject({ method: 'POST', url: '/participant/message', headers: { origin: 'https://shop.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['access-control-expose-headers']).toBe('x-amzn-requestid, x-amzn-errortype, date');
    expect(res.headers.vary).toBe('Origin');
  });

  it('other paths answer approved origins with credentials, and others without any CORS header', async () => {
    const ok = await app.inject({ url: '/instance', headers: { origin: 'https://desk.example' } });
    expect(ok.headers['access-control-allow-origin']).toBe('https://desk.example');
    expect(ok.headers['access-control-allow-credentials']).toBe('true');
    const other = await app.inject({ url: '/instance', headers: { origin: 'https://evil.example' } });
    expect(other.statusCode).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers['access-control-expose-headers']).toBeUndefined();
    expect(other.headers.vary).toBe('Origin');
  });

  it('the approved list is read on every request', async () => {
    approved.add('https://new.example');
    try {
      const res = await app.inject({ url: '/instance', headers: { origin: 'https://new.example' } });
      expect(res.headers['access-control-allow-origin']).toBe('https://new.example');
    } finally {
      approved.delete('https://new.example');
    }
  });

  it('a preflight from an allowed origin gets 204 with methods, the asked headers and a max age', async () => {
    const res = await preflight('/participant/message', 'https://shop.example', {
      'access-control-request-headers': 'x-amz-bearer, content-type',
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toBe('x-amz-bearer, content-type');
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(res.headers.vary).toBe('Origin, Access-Control-Request-Headers');
  });

  it('a preflight from a refused origin is the AWS-style 404, without CORS headers', async () => {
    const res = await preflight('/instance', 'https://evil.example');
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-amzn-errortype']).toBeDefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("an OPTIONS without Access-Control-Request-Method is refused AWS-style, in each service's terms", async () => {
    const connect = await app.inject({ method: 'OPTIONS', url: '/instance', headers: { origin: 'https://desk.example' } });
    expect(connect.statusCode).toBe(400);
    expect(connect.headers['x-amzn-errortype']).toBe('InvalidRequestException');
    expect(JSON.parse(connect.body).message).toMatch(/Access-Control-Request-Method/);
    const participant = await app.inject({
      method: 'OPTIONS',
      url: '/participant/message',
      headers: { origin: 'https://x.example' },
    });
    expect(participant.statusCode).toBe(400);
    expect(participant.headers['x-amzn-errortype']).toBe('ValidationException');
  });
});
