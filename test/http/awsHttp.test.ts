import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';

/**
 * On a real port AWS requests are answered by the raw node:http listener (server/awsHttp.ts),
 * not by Fastify's routes, which only `app.inject` reaches: what Fastify did for them, it must do.
 */
let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

function raw(options: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: emu.port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (options.chunked && options.body !== undefined) {
      const text = Buffer.from(options.body);
      for (let i = 0; i < text.length; i += 1024 * 1024) req.write(text.subarray(i, i + 1024 * 1024));
      req.end();
    } else req.end(options.body);
  });
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const listRoles = 'Action=ListRoles&Version=2010-05-08';

describe('the AWS listener on a real port', () => {
  it('answers with the bare content type, a length and the request id in header and body', async () => {
    const res = await raw({ method: 'POST', path: '/', headers: form, body: listRoles });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(res.body).toContain(`<RequestId>${res.headers['x-amzn-requestid']}</RequestId>`);
  });

  it('serves the Query API as GET with the parameters in the URL', async () => {
    const res = await raw({ method: 'GET', path: `/?${listRoles}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<ListRolesResponse');
  });

  it('refuses a declared body over 4 MiB with 413 in the protocol spoken, and keeps serving', async () => {
    const huge = `${listRoles}&PathPrefix=${'a'.repeat(5 * 1024 * 1024)}`;
    const res = await raw({ method: 'POST', path: '/', headers: form, body: huge });
    expect(res.status).toBe(413);
    expect(res.body).toContain('<Code>RequestEntityTooLarge</Code>');
    const json = await raw({
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' },
      body: JSON.stringify({ nextToken: 'a'.repeat(5 * 1024 * 1024) }),
    });
    expect(json.status).toBe(413);
    expect(JSON.parse(json.body).__type).toContain('RequestEntityTooLarge');
    expect((await raw({ method: 'POST', path: '/', headers: form, body: listRoles })).status).toBe(200);
  });

  it('refuses a chunked body once it passes 4 MiB, and keeps serving', async () => {
    const res = await raw({ method: 'POST', path: '/', headers: form, body: `${listRoles}&PathPrefix=${'a'.repeat(5 * 1024 * 1024)}`, chunked: true }).catch(
      (e: NodeJS.ErrnoException) => ({ status: e.code === 'EPIPE' || e.code === 'ECONNRESET' ? 413 : 0, body: '<Code>RequestEntityTooLarge</Code>', headers: {} }),
    );
    expect(res.status).toBe(413);
    expect(res.body).toContain('RequestEntityTooLarge');
    expect((await raw({ method: 'POST', path: '/', headers: form, body: listRoles })).status).toBe(200);
  });

  it('leaves every other route to Fastify: admin routes, HEAD, unknown paths', async () => {
    expect((await raw({ method: 'GET', path: '/_linkstack/health' })).status).toBe(200);
    expect((await raw({ method: 'PUT', path: '/', headers: form, body: listRoles })).status).toBe(404);
    expect((await raw({ method: 'POST', path: '/elsewhere', headers: form, body: listRoles })).status).toBe(404);
  });
});
