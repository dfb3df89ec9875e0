// How a name read from a database, a file or a user is shown in text. Never imports 'vscode'.

/**
 * The characters a terminal or a log viewer acts on: the C0 controls, DEL, the C1 controls, the
 * line and paragraph separators and the bidirectional overrides and isolates. ESC could retitle,
 * clear or rewrite the user's terminal, a carriage return hide what precedes it, a bidi override
 * show a name other than the one acted on.
 */
const acted = /[\0-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same without tab and line feed, which lay out a whole text. */
const actedInText = /[\0-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `name` on one line, each character above written as `\uXXXX`, line feed and tab included: a
 * table, column, migration or database name holding a line break would otherwise print a line of
 * its own (a fake "ok", a fake state). Every name in a text output goes through here; JSON keeps
 * the name as it is (its string escapes the same characters). Applying it twice changes nothing.
 */
export function visibleName(name: string): string {
  return name.replace(acted, escape);
}

/** A whole text (lines and columns kept) with the other characters above escaped as in `visibleName`. */
export function visibleText(text: string): string {
  return text.replace(actedInText, escape);
}
