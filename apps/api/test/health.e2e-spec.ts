import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bootTestApp } from './test-app';

describe('GET /api/v1/health when a dependency is down', () => {
  it('answers 503 naming Redis when Redis does not answer, Postgres still up', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const app = await bootTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const response = await request(app.getHttpServer()).get('/api/v1/health').expect(503);
      expect(response.body).toMatchObject({ status: 'unavailable', checks: { postgres: { status: 'up' }, redis: { status: 'down' } } });
    } finally {
      await app.close();
    }
  });

  it('answers 503 naming Postgres when its connection is gone, Redis still up', async () => {
    const app: NestFastifyApplication = await bootTestApp();
    try {
      await app.get(DataSource).destroy();
      const response = await request(app.getHttpServer()).get('/api/v1/health').expect(503);
      expect(response.body).toMatchObject({ status: 'unavailable', checks: { postgres: { status: 'down' }, redis: { status: 'up' } } });
      expect(JSON.stringify(response.body)).not.toContain('postgres@');
    } finally {
      await app.close();
    }
  });
});
