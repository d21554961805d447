import type { AuditEvent } from './audit.types';

type Translate = (key: string, values?: Record<string, unknown>) => string;
type Has = (key: string) => boolean;

/** "Изменение реквизитов" for `tenant.updated`; an action without a label shows as it is. */
export function actionLabel(action: string, t: Translate, te: Has): string {
  const key = `audit.actions.${action}`;
  return te(key) ? t(key) : action;
}

export function targetLabel(type: string, t: Translate, te: Has): string {
  const key = `audit.targets.${type}`;
  return te(key) ? t(key) : type;
}

/** A one-line summary of an event's details, in the words of its action. */
export function detailsSummary(event: AuditEvent, t: Translate, te: Has): string {
  const details = event.details ?? {};
  // Only some actions have a worded summary; the rest list their details as they are.
  switch (event.action as string) {
    case 'tenant.updated': {
      const changed = Object.keys((details.changed as Record<string, unknown> | undefined) ?? {});
      const field = (name: string) => (te(`audit.fields.${name}`) ? t(`audit.fields.${name}`) : name);
      return changed.length ? t('audit.details.changed', { fields: changed.map(field).join(', ') }) : '';
    }
    case 'api-token.created':
      return typeof details.name === 'string' ? t('audit.details.token', { name: details.name }) : '';
    case 'role.created':
    case 'role.updated':
      return typeof details.name === 'string' ? t('audit.details.role', { name: details.name }) : '';
    case 'auth.logged-out-everywhere':
      return typeof details.sessions === 'number' ? t('audit.details.sessions', { count: details.sessions }) : '';
    case 'contacts.exported':
      if (typeof details.rows !== 'number') return '';
      return details.complete === false ? t('audit.details.exportCut', { count: details.rows }) : t('audit.details.exportRows', { count: details.rows });
    default: {
      const entries = Object.entries(details);
      return entries.length ? entries.map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value as string)}`).join('; ') : '';
    }
  }
}
