import type { DocumentKind } from './legal.types';

type Translate = (key: string, values?: Record<string, unknown>) => string;
type Has = (key: string) => boolean;

/** A kind's name; one this build does not know falls back to the document's own title. */
export function kindLabel(kind: DocumentKind, t: Translate, te: Has, fallback?: string): string {
  return te(`legal.kinds.${kind}`) ? t(`legal.kinds.${kind}`) : (fallback ?? kind);
}

export function methodLabel(method: string, t: Translate, te: Has): string {
  return te(`legal.ledger.methods.${method}`) ? t(`legal.ledger.methods.${method}`) : method;
}

export function brokenReasonLabel(reason: string, t: Translate, te: Has): string {
  return te(`legal.ledger.reasons.${reason}`) ? t(`legal.ledger.reasons.${reason}`) : reason;
}
