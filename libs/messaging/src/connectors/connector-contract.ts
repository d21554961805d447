import { type ChannelConnector, type ConnectionHandle, ConnectorError, type OutboundPayload } from './channel-connector';

export interface ContractSubject {
  connector: ChannelConnector;
  handle: ConnectionHandle;
  /** What the messenger's side received, in order: our message id and its text. */
  received(): Promise<Array<{ messageId: string; text: string | null; files: Array<{ fileName: string; bytes: Buffer }> }>>;
  /** Makes the messenger's side refuse the next send the way it refuses for good. */
  refuseNext(): void;
  /** Makes the messenger's side unavailable for the next send. */
  failNext(): void;
}

const KINDS = ['image', 'file', 'voice', 'video'] as const;

const payload = (messageId: string, text: string | null, files: OutboundPayload['attachments'] = []): OutboundPayload => ({ messageId, chatId: 'chat-1', text, attachments: files });

/**
 * The suite every connector passes (issue: "one contract test suite that every connector must
 * pass"): sends of each kind reach the other side with the messenger's id back, failures come
 * as ConnectorError with a code the pipeline can act on, and the lifecycle calls are safe.
 */
export function describeConnectorContract(name: string, setup: () => Promise<ContractSubject>, teardown: () => Promise<void> = () => Promise.resolve()): void {
  describe(`${name} connector contract`, () => {
    let subject: ContractSubject;

    beforeAll(async () => {
      subject = await setup();
      await subject.connector.connect(subject.handle, {
        message: () => Promise.resolve({ eventId: '1', duplicate: false }),
        status: () => Promise.resolve({ duplicate: false }),
        health: () => Promise.resolve(),
      });
    });
    afterAll(async () => {
      await subject.connector.disconnect(subject.handle.id);
      await teardown();
    });

    it('sends text and answers with the messenger\'s id', async () => {
      const first = await subject.connector.send(subject.handle, payload('00000000-0000-4000-8000-000000000001', 'Здравствуйте'));
      const second = await subject.connector.send(subject.handle, payload('00000000-0000-4000-8000-000000000002', 'Ещё'));
      expect(first.externalId).toEqual(expect.any(String));
      expect(first.externalId).not.toBe(second.externalId);
      const received = await subject.received();
      expect(received.slice(-2).map((r) => r.text)).toEqual(['Здравствуйте', 'Ещё']);
    });

    it.each([
      ['image', 'photo.png', 'image/png'],
      ['file', 'act.pdf', 'application/pdf'],
      ['voice', 'note.ogg', 'audio/ogg'],
      ['video', 'clip.mp4', 'video/mp4'],
    ] as const)('sends a %s attachment byte for byte', async (kind, fileName, mimeType) => {
      const bytes = Buffer.from(`${kind}-bytes-\u0000\u00ff`, 'latin1');
      await subject.connector.send(subject.handle, payload(`00000000-0000-4000-8000-00000000010${KINDS.indexOf(kind)}`, null, [{ fileName, mimeType, kind, content: bytes }]));
      const last = (await subject.received()).at(-1)!;
      expect(last.files).toEqual([{ fileName, bytes }]);
    });

    it('reports a refusal as a final ConnectorError and an outage as a retryable one', async () => {
      subject.refuseNext();
      const refused = await subject.connector.send(subject.handle, payload('00000000-0000-4000-8000-000000000201', 'x')).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ConnectorError);
      expect((refused as ConnectorError).retryable).toBe(false);
      subject.failNext();
      const failed = await subject.connector.send(subject.handle, payload('00000000-0000-4000-8000-000000000202', 'y')).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(ConnectorError);
      expect((failed as ConnectorError).retryable).toBe(true);
    });

    it('marks read and reports health without throwing', async () => {
      await expect(subject.connector.markRead(subject.handle, 'chat-1', 'x')).resolves.toBeUndefined();
      const health = await subject.connector.health(subject.handle);
      expect(health.state).toBe('active');
      expect(health.checkedAt).toBeInstanceOf(Date);
    });
  });
}
