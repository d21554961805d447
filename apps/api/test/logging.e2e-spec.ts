import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger } from 'nestjs-pino';
import request from 'supertest';
import { ProbeModule } from './fixtures/probe.module';
import { LogCapture, bootTestApp } from './test-app';

describe('JSON logs', () => {
  let app: NestFastifyApplication;
  const logs = new LogCapture();

  beforeAll(async () => {
    app = await bootTestApp({ extraModules: [ProbeModule], logs, env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => app.close());

  it('log each request as JSON with its id, without credentials, query values, bodies or full IPs', async () => {
    await request(app.getHttpServer())
      .post('/api/v1/test-probe/echo?token=query-secret-123&page=2')
      .set('authorization', 'Bearer header-secret-456')
      .set('cookie', 'session=cookie-secret-789')
      .set('x-request-id', 'req-log-0000001')
      .set('x-forwarded-for', '203.0.113.77')
      .send({ name: 'Иван Петров', email: 'ivan@example.ru', address: { city: 'Тверь' } })
      .expect(201);
    const line = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => (l.req as { id?: string })?.id === 'req-log-0000001');
    expect(line).toMatchObject({ req: { method: 'POST', url: '/api/v1/test-probe/echo?token=…&page=…', ip: '203.0.113.0' }, res: { statusCode: 201 } });
    for (const secret of ['query-secret-123', 'header-secret-456', 'cookie-secret-789', 'Иван', 'ivan@example.ru', '203.0.113.77']) {
      expect(logs.text).not.toContain(secret);
    }
  });

  it('tie every line logged while a request is handled to its id, and write no line for the health probe', async () => {
    await request(app.getHttpServer()).get('/api/v1/test-probe/logs').set('x-request-id', 'req-log-0000002').expect(200);
    await request(app.getHttpServer()).get('/api/v1/health').set('x-request-id', 'req-log-0000003');
    const parsed = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.find((l) => l.msg === 'probe inside a request')).toMatchObject({ reqId: 'req-log-0000002', context: 'Probe', service: 'perepiska', level: 40 });
    expect(parsed.find((l) => (l.req as { id?: string })?.id === 'req-log-0000002')).toMatchObject({ reqId: 'req-log-0000002', msg: 'request completed', res: { statusCode: 200 } });
    expect(parsed.filter((l) => l.reqId === 'req-log-0000003')).toEqual([]);
  });

  it('censor personal data and secrets wherever code logs them', async () => {
    const logger = await app.resolve(PinoLogger);
    logger.setContext('RedactionTest');
    logger.warn(
      { user: { email: 'olga@example.ru', phone: '+79001234567', password: 'p4ss' }, connection: { sessionString: '1BQANOTE' }, tenantId: 't-1' },
      'redaction probe',
    );
    const line = logs.lines.find((l) => l.includes('redaction probe'))!;
    expect(JSON.parse(line)).toMatchObject({ user: { email: '[redacted]', phone: '[redacted]', password: '[redacted]' }, connection: { sessionString: '[redacted]' }, tenantId: 't-1' });
  });
});
