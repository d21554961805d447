import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { isPermission } from '@perepiska/platform';
import { declaredRoutes } from './declared-routes';
import { bootTestApp } from './test-app';

describe('every route declares its access', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await bootTestApp();
  });
  afterAll(() => app.close());

  it('finds the product\'s routes', () => {
    expect(declaredRoutes(app).map((r) => r.route)).toContain('GET /health (HealthController.check)');
  });

  it('declares a permission from the catalogue or says why it is public, never both, never neither', () => {
    const problems = declaredRoutes(app).flatMap(({ route, permissions, publicReason }) => {
      if (permissions && publicReason) return [`${route}: both public and permission-guarded`];
      if (publicReason !== undefined) return publicReason.trim() ? [] : [`${route}: @Public without a reason`];
      if (!permissions) return [`${route}: declares no permission (use @RequirePermission, @Authenticated or @Public)`];
      return permissions.filter((p) => !isPermission(p)).map((p) => `${route}: unknown permission "${p}"`);
    });
    expect(problems).toEqual([]);
  });
});
