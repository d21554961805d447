import { type ChannelType } from '../domain/channel-types';
import { type ChannelConnector } from './channel-connector';

/** The connectors this process can drive, by channel type. */
export class ConnectorRegistry {
  private readonly connectors = new Map<ChannelType, ChannelConnector>();

  constructor(connectors: ChannelConnector[]) {
    for (const connector of connectors) {
      if (this.connectors.has(connector.type)) throw new Error(`Two connectors for ${connector.type}`);
      this.connectors.set(connector.type, connector);
    }
  }

  has(type: ChannelType): boolean {
    return this.connectors.has(type);
  }

  get(type: ChannelType): ChannelConnector {
    const connector = this.connectors.get(type);
    if (!connector) throw new Error(`No connector for ${type} in this process`);
    return connector;
  }

  types(): ChannelType[] {
    return [...this.connectors.keys()];
  }
}
