/**
 * A port through which other modules veto an outgoing message (ARCHITECTURE.md "Outbound"):
 * consent registers the advertising-consent check (38-FZ art. 18, PRODUCT.md MSG-9) without
 * messaging knowing consent exists.
 */
export type OutboundPurpose = 'service' | 'advertising';

export interface OutboundCheckInput {
  tenantId: string;
  contactId: string;
  channelType: string;
  purpose: OutboundPurpose;
}

export interface OutboundVeto {
  /** Machine-readable, e.g. "consent-required". */
  reason: string;
  message: string;
}

export interface OutboundCheck {
  readonly name: string;
  /** The purposes this check rules on; a purpose nobody rules on is refused, not waved through. */
  readonly purposes: readonly OutboundPurpose[];
  check(input: OutboundCheckInput): Promise<OutboundVeto | null>;
}

export class OutboundCheckRegistry {
  private readonly checks: OutboundCheck[] = [];

  register(check: OutboundCheck): void {
    if (this.checks.some((c) => c.name === check.name)) throw new Error(`Outbound check "${check.name}" is registered twice`);
    this.checks.push(check);
  }

  for(purpose: OutboundPurpose): OutboundCheck[] {
    return this.checks.filter((c) => c.purposes.includes(purpose));
  }
}
