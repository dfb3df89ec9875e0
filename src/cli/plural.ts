// The CLI speaks English only, outside the catalog: a count and its noun agree here.
/** "1 migration", "2 migrations" (`many` for a noun whose plural is not an added s: "queries"). */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}
