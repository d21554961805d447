import { type Server, createServer } from 'node:http';
import { type WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { ApiChannelConnector } from './api-channel.connector';
import { describeConnectorContract } from './connector-contract';
import { verifyWebhook } from './webhook-signature';

const SECRET = 'whsec_contract';
const received: Array<{ messageId: string; text: string | null; files: Array<{ fileName: string; bytes: Buffer }> }> = [];
const answers: number[] = [];
const attempts: Array<{ delivered: boolean; final: boolean }> = [];
let server: Server;

/** The log is Postgres in the product; here an in-memory stand-in records the attempts. */
const log = {
  open: () => Promise.resolve('delivery-1'),
  recordAttempt: (_id: string, outcome: { delivered: boolean; final: boolean }) => {
    attempts.push(outcome);
    return Promise.resolve();
  },
} as unknown as WebhookDeliveriesRepository;

describeConnectorContract(
  'API channel (webhooks over real HTTP)',
  async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const signed = verifyWebhook(SECRET, String(request.headers['x-perepiska-timestamp']), body, String(request.headers['x-perepiska-signature']));
        const status = signed ? (answers.shift() ?? 200) : 401;
        if (status === 200) {
          const { message } = JSON.parse(body) as { message: { id: string; text: string | null; attachments: Array<{ fileName: string; contentBase64: string }> } };
          received.push({ messageId: message.id, text: message.text, files: message.attachments.map((a) => ({ fileName: a.fileName, bytes: Buffer.from(a.contentBase64, 'base64') })) });
        }
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return {
      connector: new ApiChannelConnector(log),
      handle: { id: 'conn-api', tenantId: 't', type: 'api', credentials: { signingSecret: SECRET }, webhookUrl: `http://127.0.0.1:${port}/hooks` },
      received: () => Promise.resolve(received),
      refuseNext: () => answers.push(410),
      failNext: () => answers.push(503),
    };
  },
  () => new Promise<void>((resolve) => server.close(() => resolve())),
);

describe('API channel delivery log', () => {
  it('recorded each attempt, final for deliveries and refusals, not for outages', () => {
    expect(attempts.some((a) => a.delivered && a.final)).toBe(true);
    expect(attempts.some((a) => !a.delivered && a.final)).toBe(true);
    expect(attempts.some((a) => !a.delivered && !a.final)).toBe(true);
  });
});
