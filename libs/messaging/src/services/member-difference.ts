/** Who joined and who left when a list of employees changed from `before` to `after`. */
export function difference(before: readonly string[], after: readonly string[]): { joined: string[]; left: string[] } {
  const was = new Set(before);
  const is = new Set(after);
  return { joined: [...is].filter((id) => !was.has(id)), left: [...was].filter((id) => !is.has(id)) };
}
