import { Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Outgoing e-mail (password resets, invitations). SMTP in every environment. */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
  abstract close(): Promise<void>;

  /**
   * One letter to each address — colleagues' addresses are not shown to one another, and one bad
   * address costs one letter; answers how many went. The caller logs counts, never addresses.
   */
  async sendEach(addresses: readonly string[], message: Omit<MailMessage, 'to'>): Promise<number> {
    let sent = 0;
    for (const to of addresses) {
      await this.send({ to, ...message }).then(
        () => (sent += 1),
        () => undefined,
      );
    }
    return sent;
  }
}

export interface SmtpMailerOptions {
  /** smtp:// or smtps:// URL with credentials, e.g. smtps://user:pass@smtp.example.ru:465 */
  url: string;
  from: string;
}

export class SmtpMailer extends Mailer {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    super();
    this.transport = createTransport(options.url, { from: options.from });
  }

  async send(message: MailMessage): Promise<void> {
    const info = (await this.transport.sendMail({ from: this.options.from, ...message })) as { messageId?: string };
    // The recipient is personal data: only the message id is logged.
    this.logger.log(`Mail sent: ${info.messageId ?? 'no id'}`);
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
