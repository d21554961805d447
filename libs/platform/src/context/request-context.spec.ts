import { MissingTenantError, RequestContexts } from './request-context';

describe('RequestContexts', () => {
  it('keeps each request\'s tenant apart across awaits', async () => {
    const seen: string[] = [];
    const handle = (tenantId: string, delay: number) =>
      RequestContexts.run({ requestId: tenantId, tenantId, actor: { kind: 'anonymous' } }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        seen.push(`${tenantId}:${RequestContexts.tenantId()}`);
      });
    await Promise.all([handle('a', 20), handle('b', 1)]);
    expect(seen.sort()).toEqual(['a:a', 'b:b']);
  });

  it('fails loudly when tenant-scoped code runs without a tenant', () => {
    expect(() => RequestContexts.tenantId()).toThrow(MissingTenantError);
    RequestContexts.run({ requestId: 'r', actor: { kind: 'anonymous' } }, () => {
      expect(() => RequestContexts.tenantId()).toThrow(MissingTenantError);
      RequestContexts.assign({ tenantId: 't1' });
      expect(RequestContexts.tenantId()).toBe('t1');
    });
  });
});
