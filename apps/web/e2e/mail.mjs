// A throwaway SMTP server for browser tests: the product is started with SMTP_URL pointing here,
// so its real SMTP adapter sends, and the test reads the invitation and reset links it mailed.
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export async function startMailCatcher() {
  const messages = [];
  const waiters = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        PostalMime.parse(Buffer.concat(chunks)).then(
          (parsed) => {
            const mail = {
              to: (parsed.to ?? []).map((address) => (address.address ?? '').toLowerCase()),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
            };
            messages.push(mail);
            for (const waiter of [...waiters]) {
              if (waiter.match(mail)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(mail);
              }
            }
            done();
          },
          (error) => done(error),
        );
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.server.address();

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** The first message to `to` whose subject includes `subjectIncludes`, caught or still to come. */
    waitFor(to, subjectIncludes = '', timeoutMs = 15_000) {
      const match = (mail) => mail.to.includes(to.toLowerCase()) && mail.subject.includes(subjectIncludes);
      const caught = messages.find(match);
      if (caught) return Promise.resolve(caught);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          if (!waiters.includes(waiter)) return;
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no mail to ${to} about "${subjectIncludes}" within ${timeoutMs} ms (caught: ${messages.map((m) => `${m.to} "${m.subject}"`).join('; ') || 'none'})`));
        }, timeoutMs);
      });
    },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The first link in a mail's text whose path is `path`, e.g. `/reset-password`. */
export function linkIn(text, path) {
  const found = text.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname === path);
  if (!found) throw new Error(`no ${path} link in:\n${text}`);
  return found;
}
