/** A copy of a header record with lower-case names (HTTP names are case-insensitive; later merges then override). */
export function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (headers === undefined) return result;
  for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = value;
  return result;
}
