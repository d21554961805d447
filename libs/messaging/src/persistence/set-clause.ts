/**
 * `col = $n, …` for the fields of a partial change that are present, appended to `params`;
 * `columns` maps each allowed field to its column, so no caller's key reaches the SQL.
 */
export function setClause(columns: Record<string, string>, change: Record<string, unknown>, params: unknown[]): string[] {
  const sets: string[] = [];
  for (const [key, value] of Object.entries(change)) {
    const column = columns[key];
    if (value === undefined || !column) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  return sets;
}
