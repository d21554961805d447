/** One column of a DataTable: `key` names the row field shown, or the `#cell-<key>` slot. */
export interface DataColumn {
  key: string;
  label: string;
  align?: 'start' | 'end' | 'center';
  /** CSS width, e.g. `160px` or `20%`. */
  width?: string;
  /** Shrink to the content and never wrap (dates, badges, actions). */
  nowrap?: boolean;
}
