import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bootTestApp } from './test-app';

describe('the API serves the built SPA', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'perepiska-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Переписка</title><div id="app"></div>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    app = await bootTestApp({ env: { WEB_DIST_DIR: dist } });
  });
  afterAll(() => app.close());

  it('at / and at any client-side route', async () => {
    // A signed link in the query has dots (payload.signature): still a page, not a file.
    for (const path of ['/', '/login', '/inbox/42', '/consent/5f0c2a57?link=eyJ0Ijoi.TeLMgbrNBQyPQ39YwqDnI1tOGF82YUCHG4UWdfoz0R0', '/documents/v1?from=a.b']) {
      const response = await request(app.getHttpServer()).get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.text).toContain('Переписка');
    }
  });

  it('serves its assets, and answers missing assets and API routes with 404 JSON', async () => {
    await request(app.getHttpServer()).get('/assets/app.js').expect(200, 'console.log(1)');
    await request(app.getHttpServer()).get('/assets/missing.js').expect(404);
    await request(app.getHttpServer()).get('/assets/missing.js?v=2').expect(404);
    const api = await request(app.getHttpServer()).get('/api/v1/missing').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
