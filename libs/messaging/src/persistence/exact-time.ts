/** A timestamptz column as UTC ISO text to the microsecond: the key a keyset cursor carries. */
export const exactTime = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
