// The values of the settings as they really come: settings.json is edited by hand, and VS Code
// hands over whatever it holds even where the schema says otherwise ("laravelVersion": 11, a
// single path instead of a list, a null in a list). Each reader takes the meaning when there is
// an obvious one and the default otherwise, never a value of the wrong type. No 'vscode' import.

/** A text setting: a number is written as text (`11` means `'11'`); anything else is the default. */
export function textSetting(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fallback;
}

/** A list of non-empty texts: one text is a list of one; entries of another type are dropped. */
export function textListSetting(value: unknown, fallback: readonly string[]): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [...fallback] : [value];
  if (!Array.isArray(value)) return [...fallback];
  return value.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '');
}

/** A number of seconds or the like, above zero and at most `max`: a numeric text counts (`"30"`); anything else is the default. */
export function positiveNumberSetting(value: unknown, fallback: number, max: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
}

export function booleanSetting(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** An object of settings (`{ "rule-id": "off" }`): anything else (a list, a text) is empty. */
export function recordSetting(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A list of objects (the named connections): anything else is empty, entries that are not objects dropped. */
export function objectListSetting(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && !Array.isArray(entry)) : [];
}
