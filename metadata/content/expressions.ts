/** Small helpers that write DHIS2 rule and indicator expressions without typos. */

/** `(x == 'A' || x == 'B')` for a variable or item and a list of option codes. */
export function anyOf(item: string, codes: readonly string[]): string {
  return codes.map((code) => `${item} == '${code}'`).join(' || ')
}

/** `x != 'A' && x != 'B'`. */
export function noneOf(item: string, codes: readonly string[]): string {
  return codes.map((code) => `${item} != '${code}'`).join(' && ')
}
