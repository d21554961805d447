/** A choice of a select filter; options with a `group` are shown under that heading. */
export interface FilterOption {
  value: string;
  label: string;
  group?: string;
}

/** Options under their group headings, groups in the order they first appear. */
export function groupOptions(options: FilterOption[]): Array<{ group: string | undefined; options: FilterOption[] }> {
  const groups: Array<{ group: string | undefined; options: FilterOption[] }> = [];
  for (const option of options) {
    const last = groups.find((g) => g.group === option.group);
    if (last) last.options.push(option);
    else groups.push({ group: option.group, options: [option] });
  }
  return groups;
}

/** One control of a FilterBar; its value lives under `key` in the bar's model, '' when unset. */
export type FilterField =
  | { key: string; kind: 'select'; label: string; options: FilterOption[]; allLabel: string }
  | { key: string; kind: 'date'; label: string; min?: string; max?: string }
  | { key: string; kind: 'text'; label: string; placeholder?: string };

export type FilterValues = Record<string, string>;

export function activeFilterCount(values: FilterValues): number {
  return Object.values(values).filter((value) => value !== '').length;
}
