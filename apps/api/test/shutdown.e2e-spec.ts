import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProbeModule } from './fixtures/probe.module';
import { bootTestApp } from './test-app';

describe('graceful shutdown', () => {
  it('lets in-flight requests finish, then refuses new connections', async () => {
    const app: NestFastifyApplication = await bootTestApp({ extraModules: [ProbeModule] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = await app.getUrl();
    const inFlight = fetch(`${url}/api/v1/test-probe/slow?ms=400`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = app.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closing;
    await expect(fetch(`${url}/api/v1/health`)).rejects.toThrow();
  });
});
