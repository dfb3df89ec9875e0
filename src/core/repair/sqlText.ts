// SQL text helpers shared by the backup, the restore and the preview: quoting, literal
// escaping, splitting a dump into statements, counting the rows an INSERT carries.
// Never imports 'vscode'.

import { quoteIdentifier } from '../structure/normalise';
import { visibleName } from '../messages/visible';

export { quoteIdentifier };

/**
 * A table's `ALTER TABLE` statements as one, whose clauses InnoDB applies all or none: a change
 * that fails on the table's data (a duplicate under a new unique index, a NULL under NOT NULL, a
 * value too long for a narrowed column) then leaves the table as it was, never half-altered. The
 * one split the server forces: a foreign key dropped and added again under its name (refused in
 * one statement, errno 121) is added again by a statement of its own, last; everything else,
 * the key's drop with it, stays in the first, so what fails there (most often the column change
 * the key was lifted for) changes nothing. Statements that are not all `ALTER TABLE` of `table`
 * are returned as they are.
 */
export function alterTableAtOnce(table: string, statements: readonly string[]): string[] {
  const head = `ALTER TABLE ${quoteIdentifier(table)} `;
  if (statements.length < 2 || !statements.every((s) => s.startsWith(head))) return [...statements];
  const clauses = statements.map((s) => s.slice(head.length));
  const dropped = new Set(clauses.map((c) => /^DROP FOREIGN KEY (`(?:[^`]|``)+`)$/.exec(c)?.[1].toLowerCase()).filter((n) => n !== undefined));
  const readds = (clause: string) => dropped.has(/^ADD CONSTRAINT (`(?:[^`]|``)+`) FOREIGN KEY /.exec(clause)?.[1].toLowerCase() ?? '');
  const first = clauses.filter((c) => !readds(c));
  const last = clauses.filter(readds);
  return [first, last].filter((group) => group.length > 0).map((group) => `${head}${group.join(', ')}`);
}

/** A value read with `dateStrings` and `bigNumberStrings` as a literal that reads back the same. */
export function sqlLiteral(value: unknown): string {
  if (typeof value === 'string') return needsEscape.test(value) ? `'${value.replace(escaped, (c) => escapes[c])}'` : `'${value}'`;
  if (value === null || value === undefined) return 'NULL';
  if (Buffer.isBuffer(value)) return value.length === 0 ? "''" : `0x${value.toString('hex')}`;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return sqlLiteral(value.toISOString().slice(0, 19).replace('T', ' '));
  if (typeof value === 'object') return sqlLiteral(JSON.stringify(value));
  return sqlLiteral(String(value));
}

/**
 * A one-line `-- ` comment of `text`: a name (a table's, a trigger's, a database's) may hold a line
 * break, after which the rest of it would be read as statements: CR and LF are written as the two characters \r and \n.
 */
export function sqlComment(text: string): string {
  return `-- ${text.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'))}`;
}

/** A quoted name or literal of a statement: `...` or '...' or "..." (a quote doubled or escaped by a backslash inside). */
const quotedPart = /`(?:[^`]|``)*`|'(?:[^'\\]|\\[\s\S]|'')*'|"(?:[^"\\]|\\[\s\S]|"")*"/g;

/**
 * A statement as the plan shows it: its own line breaks (a CREATE TABLE's columns) kept, each
 * quoted name or literal through `visibleName`, so that a line break inside a name cannot start a
 * line of the script that reads like a comment or a statement of the plan. What runs is `statement`.
 */
export function shownStatement(statement: string): string {
  return statement.replace(quotedPart, visibleName);
}

const needsEscape = /[\0\n\r\x1a'"\\]/;
const escaped = /[\0\n\r\x1a'"\\]/g;
const escapes: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z', "'": "\\'", '"': '\\"', '\\': '\\\\' };

/**
 * Splits a dump (ours, mysqldump's or mariadb-dump's) into statements, fed a block of whole
 * lines at a time so a backup of any size is read as a stream. It reads the text as the `mysql`
 * client does: quotes, backticks, comments and `DELIMITER` lines are honoured; `/*! ... *\/`
 * version comments are code the server runs, so quotes inside them count too; a backslash
 * escapes only while the statements so far leave `NO_BACKSLASH_ESCAPES` off (a dump of a
 * trigger created under that mode sets it just before the trigger). A comment inside a statement
 * (a trigger's body) is kept, as `mysql --comments` sends it; one between statements is dropped.
 * In the same pass it counts the rows of each `INSERT … VALUES`.
 */
export class StatementSplitter {
  private delimiter = ';';
  private parts: string[] = [];
  private nonBlank = false;
  private mode: 'code' | "'" | '"' | '`' | 'comment' = 'code';
  /** The comment being read is inside a statement (a trigger's or a routine's body): it is part of it. */
  private keptComment = false;
  private inVersionComment = false;
  private backslashEscapes: boolean;
  private readonly initialBackslashEscapes: boolean;
  /** `SET @saved = @@sql_mode` remembers whether backslashes escaped at that point. */
  private readonly savedModes = new Map<string, boolean>();
  /** Parentheses open outside quotes in the statement, whether its VALUES keyword has passed, and the rows since. */
  private depth = 0;
  private afterValues = false;
  private rows = 0;
  /** For each statement the last call returned: the rows it inserts if it is an INSERT, else undefined. */
  lastRows: (number | undefined)[] = [];

  /** `noBackslashEscapes`: the session's mode when the first statement runs. */
  constructor(noBackslashEscapes = false) {
    this.backslashEscapes = this.initialBackslashEscapes = !noBackslashEscapes;
  }

  /** One line without its line break; returns the statements it completed. */
  line(text: string): string[] {
    return this.lines(`${text}\n`);
  }

  /** Whole lines, each ending with a line feed but for the last line of the dump; returns the statements they completed. */
  lines(text: string): string[] {
    const done: string[] = [];
    this.lastRows = [];
    const n = text.length;
    let i = 0;
    let start = 0;
    let lineStart = true;
    while (i < n) {
      const mode = this.mode;
      if (lineStart) {
        lineStart = false;
        // A DELIMITER line, or MariaDB's sandbox marker (which only its own client understands), where a statement may begin.
        if (mode === 'code' && !this.inVersionComment && !this.nonBlank && !(this.nonBlank = /\S/.test(text.slice(start, i)))) {
          const eol = text.indexOf('\n', i);
          const line = text.slice(i, eol === -1 ? n : eol);
          const directive = /^\s*DELIMITER\s+(\S+)\s*$/i.exec(line);
          if (directive || line.startsWith('/*M!999999')) {
            if (directive) this.delimiter = directive[1];
            i = start = eol === -1 ? n : eol + 1;
            lineStart = true;
            continue;
          }
        }
      }
      if (mode === "'" || mode === '"' || mode === '`') {
        // Straight to the next quote or escaping backslash: a dump is mostly quoted values.
        const quote = mode.charCodeAt(0);
        const escapes = mode !== '`' && this.backslashEscapes;
        for (; i < n; i++) {
          const ch = text.charCodeAt(i);
          if (ch === quote || (ch === 92 && escapes)) break;
        }
        if (i >= n) continue;
        if (text[i] === '\\' || text[i + 1] === mode) i += 2;
        else {
          i++;
          this.mode = 'code';
        }
        continue;
      }
      if (mode === 'comment') {
        const end = text.indexOf('*/', i);
        i = end === -1 ? n : end + 2;
        if (!this.keptComment) start = i;
        if (end !== -1) this.mode = 'code';
        continue;
      }
      // A loop over character codes: the stops come every few characters, too often for a regular expression's call.
      const delimiter = this.delimiter.charCodeAt(0);
      for (; i < n; i++) {
        const ch = text.charCodeAt(i);
        if ((ch < 128 && codeStop[ch] === 1) || ch === delimiter) break;
      }
      if (i >= n) continue;
      const c = text[i];
      if (c === '\n') {
        i++;
        lineStart = true;
      } else if (c === "'" || c === '"' || c === '`') {
        this.mode = c;
        i++;
      } else if (this.inVersionComment && c === '*' && text[i + 1] === '/') {
        this.inVersionComment = false;
        i += 2;
      } else if (c === '#' || (c === '-' && text[i + 1] === '-' && (i + 2 === n || /\s/.test(text[i + 2])))) {
        // To the end of the line; the line feed stays. Kept within a statement, as `mysql --comments` sends it.
        this.push(text.slice(start, i));
        start = i;
        const eol = text.indexOf('\n', i);
        i = eol === -1 ? n : eol;
        if (!this.nonBlank) start = i;
      } else if (c === '/' && text[i + 1] === '*') {
        const version = /^\/\*M?!/.exec(text.slice(i, i + 4));
        if (version && !this.inVersionComment) {
          this.inVersionComment = true;
          i += version[0].length;
        } else {
          this.push(text.slice(start, i));
          this.keptComment = this.nonBlank;
          if (!this.keptComment) this.push(' ');
          this.mode = 'comment';
          start = i;
          i += 2;
          if (!this.keptComment) start = i;
        }
      } else if (!this.inVersionComment && c === this.delimiter[0] && text.startsWith(this.delimiter, i)) {
        this.push(text.slice(start, i));
        const rows = this.rows;
        const statement = this.take();
        if (statement) {
          done.push(statement);
          this.lastRows.push(/^INSERT\b/i.test(statement) ? rows : undefined);
        }
        i += this.delimiter.length;
        start = i;
      } else if (c === '(' && !this.inVersionComment) {
        if (this.depth === 0 && (this.afterValues || this.valuesJustBefore(text, start, i))) {
          this.afterValues = true;
          this.rows++;
        }
        this.depth++;
        i++;
      } else if (c === ')' && !this.inVersionComment) {
        if (this.depth > 0) this.depth--;
        i++;
      } else i++;
    }
    if (this.mode !== 'comment' || this.keptComment) this.push(text.slice(start, n));
    return done;
  }

  /** Whether the code just before `at` ends with the VALUES keyword (the first row of an INSERT follows). */
  private valuesJustBefore(text: string, start: number, at: number): boolean {
    const tail = `${this.parts[this.parts.length - 1] ?? ''}${text.slice(Math.max(start, at - 64), at)}`.slice(-64);
    return /(?:^|[^\w$])VALUES?\s*$/i.test(tail);
  }

  /** The statement left without a delimiter at the end, if any. */
  end(): string[] {
    const rows = this.rows;
    const statement = this.take();
    this.lastRows = statement ? [/^INSERT\b/i.test(statement) ? rows : undefined] : [];
    return statement ? [statement] : [];
  }

  private push(text: string): void {
    if (!text) return;
    this.parts.push(text);
    if (!this.nonBlank && /\S/.test(text)) this.nonBlank = true;
  }

  private take(): string {
    const statement = this.parts.join('').trim();
    this.parts = [];
    this.nonBlank = false;
    this.depth = 0;
    this.afterValues = false;
    this.rows = 0;
    // An INSERT sets no mode, and is most of a dump's text.
    if (!/^INSERT\b/i.test(statement) && /sql_mode/i.test(statement)) this.followSqlMode(statement);
    return statement;
  }

  /** Follows the session's sql_mode through the SET statements a dump carries. */
  private followSqlMode(statement: string): void {
    for (const saved of statement.matchAll(/@(\w+)\s*:?=\s*@@(?:SESSION\.)?SQL_MODE\b/gi)) {
      this.savedModes.set(saved[1].toLowerCase(), this.backslashEscapes);
    }
    const set = /(?:^|[^\w@])(?:@@(?:SESSION\.)?)?SQL_MODE\s*:?=\s*(?:'([^']*)'|"([^"]*)"|@(\w+)|(DEFAULT)\b)/gi;
    for (const m of statement.matchAll(set)) {
      const value = m[1] ?? m[2];
      if (value !== undefined) this.backslashEscapes = !/NO_BACKSLASH_ESCAPES/i.test(value);
      else if (m[3] !== undefined) this.backslashEscapes = this.savedModes.get(m[3].toLowerCase()) ?? this.initialBackslashEscapes;
      else this.backslashEscapes = this.initialBackslashEscapes;
    }
  }
}

/** The characters that can start a quote, a comment, a line or a row, or end a version comment, outside quotes. */
const codeStop = new Uint8Array(128);
for (const c of '\'"`*#/\n()-') codeStop[c.charCodeAt(0)] = 1;

export function splitStatements(text: string): string[] {
  const splitter = new StatementSplitter();
  const statements = text.split('\n').flatMap((line) => splitter.line(line));
  return [...statements, ...splitter.end()];
}

/** The table an `INSERT INTO \`t\` …` writes to, if it names it in backticks as dumps do. */
export function insertTable(statement: string): string | undefined {
  return /^INSERT\s+(?:IGNORE\s+)?INTO\s+`((?:[^`]|``)+)`/i.exec(statement)?.[1].replace(/``/g, '`');
}

/** `INSERT INTO \`t\` ... VALUES (..),(..)` -> { table: 't', rows: 2 }; anything else -> undefined. */
export function insertedRows(statement: string): { table: string; rows: number } | undefined {
  const table = insertTable(statement);
  if (table === undefined) return undefined;
  const splitter = new StatementSplitter();
  splitter.lines(statement);
  splitter.end();
  return { table, rows: splitter.lastRows[0] ?? 0 };
}

/**
 * How the built-in dump writes a column's value, read as the server's bytes: a number as the
 * server's own text (mysqldump's, floats included), text quoted with its special bytes escaped
 * (the server sends it in UTF-8, whose multi-byte characters never hold these bytes), bytes in hex.
 */
export type ValueKind = 'number' | 'text' | 'hex';

/** The escape letter of each byte that needs one in a quoted literal (0: none); line breaks too, so a row keeps to one line. */
const escapeLetter = new Uint8Array(256);
for (const [byte, letter] of [[0, '0'], [10, 'n'], [13, 'r'], [26, 'Z'], [39, "'"], [34, '"'], [92, '\\']] as const) escapeLetter[byte] = letter.charCodeAt(0);
const hexDigit = Buffer.from('0123456789ABCDEF');
const nullWord = Buffer.from('NULL');

/**
 * At least the bytes {@link encodeRow} writes for a row of `length` bytes as the server sent it,
 * holding `columns` values: a value of n bytes after its length (at least one byte) becomes at
 * most 2n + 2 (hex, or every byte escaped), a NULL's one byte four; commas and parentheses.
 */
export function rowBound(length: number, columns: number): number {
  return 2 * length + 3 * columns + 1;
}

/**
 * Writes `(v1,v2,…)` for one row as the server sent it (the bytes of `source` from `start` to
 * `end`: each value a length-encoded string, 0xFB for NULL) into `target` from `at` (room for
 * {@link rowBound} bytes); returns where it ended. Each literal reads back as the same value:
 * {@link sqlLiteral}'s escaping, on bytes. A row that does not hold exactly one value per kind
 * throws: a value cut or shifted would be written as another.
 */
export function encodeRow(source: Buffer, start: number, end: number, kinds: readonly ValueKind[], target: Buffer, at: number): number {
  target[at++] = 0x28;
  let from = start;
  for (let i = 0; i < kinds.length; i++) {
    if (i > 0) target[at++] = 0x2c;
    if (from >= end) throw new Error(`A row of ${i} values where ${kinds.length} were asked for.`);
    let length = source[from];
    if (length === 0xfb) {
      from++;
      at += nullWord.copy(target, at);
      continue;
    }
    if (length < 0xfb) from++;
    else if (length === 0xfc) { length = source[from + 1] | (source[from + 2] << 8); from += 3; }
    else if (length === 0xfd) { length = source[from + 1] | (source[from + 2] << 8) | (source[from + 3] << 16); from += 4; }
    else if (length === 0xfe) { length = source.readUInt32LE(from + 1) + source.readUInt32LE(from + 5) * 2 ** 32; from += 9; }
    else throw new Error(`Unexpected length byte 0x${length.toString(16)} in a row.`);
    const last = from + length;
    if (last > end) throw new Error('A row value runs past the end of its row.');
    const kind = kinds[i];
    if (kind === 'number') {
      for (; from < last; from++) target[at++] = source[from];
    } else if (kind === 'hex' && length > 0) {
      target[at++] = 0x30;
      target[at++] = 0x78;
      for (; from < last; from++) {
        target[at++] = hexDigit[source[from] >> 4];
        target[at++] = hexDigit[source[from] & 15];
      }
    } else {
      target[at++] = 0x27;
      for (; from < last; from++) {
        const byte = source[from];
        const letter = escapeLetter[byte];
        if (letter === 0) target[at++] = byte;
        else {
          target[at++] = 0x5c;
          target[at++] = letter;
        }
      }
      target[at++] = 0x27;
    }
  }
  if (from !== end) throw new Error(`A row of more than the ${kinds.length} values asked for.`);
  target[at++] = 0x29;
  return at;
}
