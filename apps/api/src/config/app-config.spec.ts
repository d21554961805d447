import { generateMasterKey } from '@perepiska/platform';
import { ConfigError, loadConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/perepiska',
  REDIS_URL: 'redis://127.0.0.1:6379',
  ENCRYPTION_MASTER_KEY: generateMasterKey('k1'),
};

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({ port: 3000, role: 'all', env: 'development', publicUrl: 'http://localhost:3000' });
    expect(config.encryption.masterKey.id).toBe('k1');
    expect(config.encryption.retiredKeys).toEqual([]);
  });

  it('sends mail to the local catcher outside production, and requires SMTP in production', () => {
    expect(loadConfig(valid).mail).toEqual({ url: 'smtp://127.0.0.1:1025', from: 'Переписка <no-reply@perepiska.local>', catcherPort: 1025 });
    expect(loadConfig({ ...valid, SMTP_URL: 'smtps://u:p@smtp.example.ru:465' }).mail).toEqual({ url: 'smtps://u:p@smtp.example.ru:465', from: 'Переписка <no-reply@perepiska.local>' });
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production' })).toThrow(new ConfigError('Invalid configuration: SMTP_URL is required in production (password resets and invitations are sent by e-mail)'));
    expect(() => loadConfig({ ...valid, SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL must be a URL starting with smtp:\/\/ or smtps:\/\//);
  });

  it('parses retired keys and treats empty variables as unset', () => {
    const config = loadConfig({ ...valid, ENCRYPTION_RETIRED_KEYS: `${generateMasterKey('k0')}, ${generateMasterKey('old')}`, PORT: '' });
    expect(config.encryption.retiredKeys.map((k) => k.id)).toEqual(['k0', 'old']);
    expect(config.port).toBe(3000);
  });

  it.each([
    [{ ENCRYPTION_MASTER_KEY: 'k1:short' }, 'ENCRYPTION_MASTER_KEY key material must decode to 32 bytes'],
    [{ ENCRYPTION_MASTER_KEY: 'not-a-key' }, 'ENCRYPTION_MASTER_KEY must be "<key-id>:<base64 of 32 random bytes>"'],
    [{ ENCRYPTION_MASTER_KEY: undefined }, 'ENCRYPTION_MASTER_KEY is required'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a URL starting with postgres:// or postgresql://'],
    [{ REDIS_URL: 'nope' }, 'REDIS_URL must be a URL starting with redis:// or rediss://'],
    [{ PORT: '70000' }, 'PORT must be at most 65535'],
    [{ PORT: 'abc' }, 'PORT must be a whole number'],
    [{ PROCESS_ROLE: 'scheduler' }, 'PROCESS_ROLE'],
    [{ ENCRYPTION_RETIRED_KEYS: 'k0:zz' }, 'ENCRYPTION_RETIRED_KEYS key #1'],
  ])('names the variable and the problem: %j', (override, expected) => {
    const attempt = () => loadConfig({ ...valid, ...override });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(expected);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never echoes the key material it rejects', () => {
    const secret = Buffer.alloc(31, 7).toString('base64');
    let message = '';
    try {
      loadConfig({ ...valid, ENCRYPTION_MASTER_KEY: `k1:${secret}` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('ENCRYPTION_MASTER_KEY');
    expect(message).not.toContain(secret);
  });
});
