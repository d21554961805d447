type Translate = (key: string) => string;
type Has = (key: string) => boolean;

/** «Контакт» for `contact`; a kind the SPA has no words for shows as it is. */
export function resourceTypeLabel(type: string, t: Translate, te: Has): string {
  const key = `access-journal.resources.${type}`;
  return te(key) ? t(key) : type;
}

/** «Просмотр» for `read`. */
export function accessActionLabel(action: string, t: Translate, te: Has): string {
  const key = `access-journal.actions.${action}`;
  return te(key) ? t(key) : action;
}

/** A list or an export reads many records at once: the API writes `*` as their id. */
export const WHOLE_LIST = '*';
