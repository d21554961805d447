import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ProbeModule } from './fixtures/probe.module';
import { LogCapture, bootTestApp } from './test-app';

describe('HTTP behaviour shared by every route', () => {
  let app: NestFastifyApplication;
  const logs = new LogCapture();

  beforeAll(async () => {
    app = await bootTestApp({ extraModules: [ProbeModule], logs, env: { BODY_LIMIT_BYTES: '4096', LOG_LEVEL: 'info' } });
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());

  it('reports Postgres and Redis separately when both are up', async () => {
    const response = await http().get('/api/v1/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await http().get('/api/v1/no-such-route').expect(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/v1/no-such-route' });
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const response = await http()
      .post('/api/v1/test-probe/echo')
      .set('content-type', 'application/json')
      .send('{"name": "Ан')
      .expect(400);
    expect(Object.keys(response.body as object).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((response.body as { message: string }).message).toMatch(/JSON/);
  });

  it('answers an oversized body with 413 in the error shape', async () => {
    const response = await http()
      .post('/api/v1/test-probe/echo')
      .send({ name: 'x'.repeat(10_000), email: 'a@b.ru', address: { city: 'Москва' } })
      .expect(413);
    expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('names every invalid field, nested ones included', async () => {
    const response = await http()
      .post('/api/v1/test-probe/echo')
      .send({ name: 'A', email: 'not-an-email', address: { city: '' }, extra: true })
      .expect(400);
    const body = response.body as { message: string; details: Array<{ field: string; messages: string[] }> };
    expect(body.message).toMatch(/^Validation failed: /);
    expect(body.details.map((d) => d.field).sort()).toEqual(['address.city', 'email', 'extra', 'name']);
    expect(body.details.find((d) => d.field === 'email')?.messages[0]).toMatch(/email/);
  });

  it('accepts a valid body', async () => {
    const payload = { name: 'Анна', email: 'anna@example.ru', address: { city: 'Казань' } };
    await http().post('/api/v1/test-probe/echo').send(payload).expect(201, payload);
  });

  it('maps domain errors to their status with details', async () => {
    await http().get('/api/v1/test-probe/missing').expect(404, { statusCode: 404, error: 'Not Found', message: 'Contact not found' });
    await http()
      .get('/api/v1/test-probe/refused')
      .expect(422, {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'The contact is on the suppression list',
        details: { reason: 'suppressed' },
      });
  });

  it('never sends a stack trace or the internal message to the client, but logs it with the request id', async () => {
    const response = await http().get('/api/v1/test-probe/boom').set('x-request-id', 'req-boom-000001').expect(500);
    expect(response.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
    expect(response.text).not.toMatch(/hunter2|at \/|\.ts:/);
    expect(response.headers['x-request-id']).toBe('req-boom-000001');
    const line = logs.lines.find((l) => l.includes('Unhandled error'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: 50, requestId: 'req-boom-000001' });
  });

  it('gives every response a request id, generating one when the caller sends none or a malformed one', async () => {
    const generated = await http().get('/api/v1/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const replaced = await http().get('/api/v1/health').set('x-request-id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await http().get('/api/docs-json').expect(200);
    expect((json.body as { paths: object }).paths).toHaveProperty('/api/v1/health');
    const ui = await http().get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });
});
