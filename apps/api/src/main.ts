import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { LegalDocumentsService, PLATFORM_DOCUMENT_KINDS, isPlatformDocumentKind } from '@perepiska/consent';
import { CHANNEL_TYPES, ConnectionAccountKeys, ConnectionsService, isChannelType } from '@perepiska/messaging';
import { DestructionActsService, ForwardedRequestsService, SUBJECT_REQUEST_KINDS, type SubjectRequestKind } from '@perepiska/pd-registry';
import { DomainError, KeyRotationService, MailCatcher } from '@perepiska/platform';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpApp, createWorkerContext } from './bootstrap';
import { migrateDatabase } from './database/migrate';
import { seedDemo } from './demo/demo-seed';
import { type AppConfig, ConfigError, PROCESS_ROLES, type ProcessRole, configFromProcess } from './config/app-config';

/**
 * One build, several roles (ARCHITECTURE.md): `serve --role=all|api|worker`, plus the
 * maintenance commands `migrate` and `reencrypt`.
 */
const USAGE = 'usage: main.js [serve [--role=all|api|worker] [--demo]] | migrate | reencrypt | channels list|suspend <type> <reason…>|resume <type> | documents publish <kind> <file.md> [--material] [--effective YYYY-MM-DD] | subject-requests forward --business <id|INN> --kind <kind> --name <full name> [--phone <phone>] [--email <e-mail>] --reference <incoming no.> --received <YYYY-MM-DD> --details <text> | subject-requests forwarded | destruction-acts list | destruction-acts pdf <number> <file.pdf>';

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

/**
 * The platform operator publishes a new version of a platform document (reference 004 §11): a
 * material one takes effect no sooner than 14 days later (`--effective`; default now, which only a
 * non-material version may take), and every business sees the notice until then.
 */
async function documents(config: AppConfig, args: string[]): Promise<void> {
  const [action, kind, file] = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--effective');
  const effectiveArg = args.includes('--effective') ? args[args.indexOf('--effective') + 1] : undefined;
  if (action !== 'publish' || !kind || !file) throw new ConfigError(USAGE);
  if (!isPlatformDocumentKind(kind)) throw new ConfigError(`document kind must be one of ${PLATFORM_DOCUMENT_KINDS.join(', ')}`);
  const effectiveAt = effectiveArg ? new Date(effectiveArg) : undefined;
  if (effectiveAt && Number.isNaN(effectiveAt.getTime())) throw new ConfigError(`--effective must be a date, got "${effectiveArg}"`);
  const text = readFileSync(file, 'utf8');
  await migrateDatabase(config);
  const context = await createWorkerContext({ config: { ...config, role: 'api' } });
  try {
    const version = await context.get(LegalDocumentsService).publishPlatformVersion(kind, { text, material: args.includes('--material'), effectiveAt });
    console.log(`${kind}: version ${version.version} published, in force from ${version.effectiveAt}${version.material ? ' (material)' : ''}, sha256 ${version.textSha256}`);
  } finally {
    await context.close();
  }
}

/** `--name value` pairs after the action; a value may not start with `--`. */
function options(args: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    if (!args[i].startsWith('--')) continue;
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new ConfigError(`${args[i]} needs a value; ${USAGE}`);
    found.set(args[i].slice(2), value);
    i += 1;
  }
  return found;
}

/**
 * The platform's side of requests a person filed with it about a business's client (reference
 * 001 §5.7): `forward` files the request with the business, which is the operator and answers,
 * mails its people who answer requests and prints what to tell the person; `forwarded` lists every
 * forwarded request and where it stands at the business.
 */
async function subjectRequests(config: AppConfig, [action, ...args]: string[]): Promise<void> {
  if (action !== 'forward' && action !== 'forwarded') throw new ConfigError(USAGE);
  const given = options(args);
  const required = (name: string): string => {
    const value = given.get(name)?.trim();
    if (!value) throw new ConfigError(`--${name} is required; ${USAGE}`);
    return value;
  };
  let input: Parameters<ForwardedRequestsService['forward']>[0] | null = null;
  if (action === 'forward') {
    const kind = required('kind');
    if (!SUBJECT_REQUEST_KINDS.some((k) => k.id === kind)) throw new ConfigError(`--kind must be one of ${SUBJECT_REQUEST_KINDS.map((k) => k.id).join(', ')}`);
    const received = required('received');
    // A bare date is the Moscow day the letter came; the clock counts from the day after it.
    const receivedAt = new Date(/^\d{4}-\d{2}-\d{2}$/.test(received) ? `${received}T12:00:00+03:00` : received);
    if (Number.isNaN(receivedAt.getTime())) throw new ConfigError(`--received must be a date, got "${received}"`);
    input = {
      business: required('business'),
      kind: kind as SubjectRequestKind,
      subject: { fullName: required('name'), phone: given.get('phone'), email: given.get('email') },
      details: required('details'),
      reference: required('reference'),
      receivedAt,
    };
  }
  await migrateDatabase(config);
  const context = await createWorkerContext({ config: { ...config, role: 'api' } });
  try {
    const service = context.get(ForwardedRequestsService);
    if (input) {
      const result = await service.forward(input).catch((error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
        const fields = (error.details as Array<{ field: string; messages: string[] }> | undefined) ?? [];
        throw new ConfigError([error.message, ...fields.map((f) => `  ${f.field}: ${f.messages.join('; ')}`)].join('\n'));
      });
      console.log(`Forwarded to ${result.business.name} (INN ${result.business.inn}) as № ${result.number}, due ${result.deadline.due} (${result.deadline.article}); ${result.letters} e-mail(s) sent to those who answer requests there.`);
      console.log('\nTell the person:\n');
      console.log(result.noticeToSubject);
      return;
    }
    const rows = await service.list();
    if (!rows.length) console.log('No request has been forwarded');
    for (const row of rows) {
      const where = row.closedAt ? `${row.status} ${new Date(row.closedAt).toISOString().slice(0, 10)}` : `${row.status}, due ${row.deadline.due}`;
      console.log(`${row.reference} (received ${row.platformReceivedAt.slice(0, 10)}) → ${row.business}, INN ${row.inn}: № ${row.number}, ${row.kind}, ${where}`);
    }
  } finally {
    await context.close();
  }
}

/**
 * The platform's own acts of destruction (order No. 179): its scheduled runs over the data its
 * register governs — the journals, closed businesses' registration data. `list` prints each act;
 * `pdf` writes one in the order's layout, to show a regulator.
 */
async function destructionActs(config: AppConfig, [action, number, file]: string[]): Promise<void> {
  if (action !== 'list' && !(action === 'pdf' && number && file)) throw new ConfigError(USAGE);
  await migrateDatabase(config);
  const context = await createWorkerContext({ config: { ...config, role: 'api' } });
  try {
    const service = context.get(DestructionActsService);
    const acts = await service.platformActs();
    if (action === 'list') {
      if (!acts.length) console.log('The platform has destroyed nothing yet');
      for (const act of acts) {
        const records = act.reports.reduce((n, r) => n + r.records, 0);
        console.log(`${act.number} ${act.performedAt.slice(0, 10)}: ${records} record(s) — ${act.reports.map((r) => `${r.source} ${r.records}`).join(', ')}; kept until ${act.keepUntil}`);
      }
      return;
    }
    const act = acts.find((a) => a.number === number);
    if (!act) throw new ConfigError(`no act of the platform is numbered "${number}"; see destruction-acts list`);
    const pdf = await service.platformPdf(act.id);
    writeFileSync(file, pdf.body);
    console.log(`${act.number} written to ${file} (${pdf.body.length} bytes)`);
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
      // A person's Telegram account is known by an HMAC under a key derived from the master key: remade under the new one.
      const keys = await context.get(ConnectionAccountKeys).refresh();
      const skipped = [
        ...(keys.duplicates.length ? [`${keys.duplicates.length} left without (another live connection has the account): ${keys.duplicates.join(', ')}`] : []),
        ...(keys.unreadable.length ? [`${keys.unreadable.length} not opened by any configured key: ${keys.unreadable.join(', ')}`] : []),
      ];
      console.log(`connections.account_key: ${keys.keyed} remade${skipped.map((line) => `; ${line}`).join('')}`);
      console.log(`Every sealed value is under key "${config.encryption.masterKey.id}"`);
      await context.close();
      return;
    }
    case 'channels':
      return channels(config, process.argv.slice(3).filter((arg) => !arg.startsWith('--')));
    case 'documents':
      return documents(config, process.argv.slice(3));
    case 'subject-requests':
      return subjectRequests(config, process.argv.slice(3));
    case 'destruction-acts':
      return destructionActs(config, process.argv.slice(3));
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
