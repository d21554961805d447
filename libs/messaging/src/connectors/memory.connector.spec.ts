import { ConnectorError } from './channel-connector';
import { describeConnectorContract } from './connector-contract';
import { MemoryConnector } from './memory.connector';

const connector = new MemoryConnector();

describeConnectorContract('memory', () =>
  Promise.resolve({
    connector,
    handle: { id: 'conn-1', tenantId: 't', type: 'memory', credentials: null, webhookUrl: null },
    received: () => Promise.resolve(connector.sent.map((s) => ({ messageId: s.payload.messageId, text: s.payload.text, files: s.payload.attachments.map((f) => ({ fileName: f.fileName, bytes: f.content })) }))),
    refuseNext: () => connector.failNext(new ConnectorError('blocked by the user', 'rejected')),
    failNext: () => connector.failNext(new ConnectorError('network down', 'unavailable')),
  }),
);
