import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { CHANNEL_TYPES, ConnectionsService, isChannelType } from '@perepiska/messaging';
import { KeyRotationService, MailCatcher } from '@perepiska/platform';
import { join } from 'node:path';
import { createHttpApp, createWorkerContext } from './bootstrap';
import { migrateDatabase } from './database/migrate';
import { seedDemo } from './demo/demo-seed';
import { type AppConfig, ConfigError, PROCESS_ROLES, type ProcessRole, configFromProcess } from './config/app-config';

/**
 * One build, several roles (ARCHITECTURE.md): `serve --role=all|api|worker`, plus the
 * maintenance commands `migrate` and `reencrypt`.
 */
const USAGE = 'usage: main.js [serve [--role=all|api|worker] [--demo]] | migrate | reencrypt | channels list|suspend <type> <reason…>|resume <type>';

function parseArgs(argv: string[]): { command: string; role?: ProcessRole; demo: boolean } {
  const positional = argv.filter((arg) => !arg.startsWith('--'));
  const roleArg = argv.find((arg) => arg.startsWith('--role='))?.slice('--role='.length);
  if (roleArg !== undefined && !(PROCESS_ROLES as readonly string[]).includes(roleArg)) {
    throw new ConfigError(`--role must be one of ${PROCESS_ROLES.join(', ')}, got "${roleArg}"`);
  }
  return { command: positional[0] ?? 'serve', role: roleArg as ProcessRole | undefined, demo: argv.includes('--demo') };
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting, let in-flight requests and running jobs
 * finish, close queues and connections, exit 0; exit 1 if that takes longer than the grace.
 */
function closeOnSignal(app: INestApplicationContext, graceMs: number): void {
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal} received: finishing in-flight work`);
    setTimeout(() => {
      console.error(`Shutdown took longer than ${graceMs} ms; exiting`);
      process.exit(1);
    }, graceMs).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function serve(config: AppConfig, demo: boolean): Promise<void> {
  await migrateDatabase(config);
  if (config.role === 'worker') {
    closeOnSignal(await createWorkerContext({ config }), config.shutdownGraceMs);
    console.log('Perepiska worker is running (queues and messenger clients)');
    return;
  }
  if (config.mail.catcherPort) await startMailCatcher(config.mail.catcherPort);
  const app = await createHttpApp({ config });
  closeOnSignal(app, config.shutdownGraceMs);
  const login = demo ? await seedDemo(app) : undefined;
  await app.listen({ port: config.port, host: config.host });
  console.log(`Perepiska is running at ${config.publicUrl} (role: ${config.role})`);
  if (login) console.log(`Demo business: sign in as ${login.email} with password ${login.password}`);
}

/** Outside production with no SMTP_URL, mail stays on this machine, in .data/mail. */
async function startMailCatcher(port: number): Promise<void> {
  const directory = join(process.cwd(), '.data', 'mail');
  const catcher = new MailCatcher({ directory, onMail: (mail, file) => console.log(`Mail caught: "${mail.subject}" → ${file}`) });
  try {
    await catcher.start(port);
    console.log(`Outgoing mail is kept in ${directory} (no SMTP_URL set)`);
  } catch (error) {
    console.warn(`Mail catcher not started on port ${port}: ${(error as Error).message}`);
  }
}

/**
 * The platform operator's kill switch per channel type (reference 001 §6.2): a suspended type
 * refuses new connections and every send, and the inbox says so.
 */
async function channels(config: AppConfig, [action, type, ...reason]: string[]): Promise<void> {
  await migrateDatabase(config);
  const context = await createWorkerContext({ config: { ...config, role: 'api' } });
  try {
    const service = context.get(ConnectionsService);
    if (action === 'suspend' || action === 'resume') {
      if (!type || !isChannelType(type)) throw new ConfigError(`channel type must be one of ${CHANNEL_TYPES.join(', ')}`);
      if (action === 'suspend') {
        if (!reason.length) throw new ConfigError('a reason is required: it is shown to every business using this messenger');
        await service.suspendChannel(type, reason.join(' '));
      } else {
        await service.resumeChannel(type);
      }
    } else if (action !== 'list') {
      throw new ConfigError(USAGE);
    }
    for (const channel of await service.channelTypes()) console.log(`${channel.type}: ${channel.suspendedReason ? `suspended (${channel.suspendedReason})` : 'available'}`);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const { command, role, demo } = parseArgs(process.argv.slice(2));
  const config = configFromProcess();
  if (role) config.role = role;
  switch (command) {
    case 'serve':
      return serve(config, demo);
    case 'migrate': {
      const applied = await migrateDatabase(config);
      console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date');
      return;
    }
    case 'reencrypt': {
      await migrateDatabase(config);
      const context = await createWorkerContext({ config: { ...config, role: 'api' } });
      const reports = await context.get(KeyRotationService).rewrapAll();
      for (const report of reports) console.log(`${report.table}.${report.column}: ${report.rewrapped} re-wrapped`);
      console.log(`Every sealed value is under key "${config.encryption.masterKey.id}"`);
      await context.close();
      return;
    }
    case 'channels':
      return channels(config, process.argv.slice(3).filter((arg) => !arg.startsWith('--')));
    default:
      throw new ConfigError(`unknown command "${command}"; ${USAGE}`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
