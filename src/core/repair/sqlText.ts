// SQL text helpers shared by the backup, the restore and the preview: quoting, literal
// escaping, splitting a dump into statements, counting the rows an INSERT carries.
// Never imports 'vscode'.

export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A value read with `dateStrings` and `bigNumberStrings` as a literal that reads back the same. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Buffer.isBuffer(value)) return value.length === 0 ? "''" : `0x${value.toString('hex')}`;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return sqlLiteral(value.toISOString().slice(0, 19).replace('T', ' '));
  if (typeof value === 'object') return sqlLiteral(JSON.stringify(value));
  return `'${String(value).replace(/[\0\n\r\x1a'"\\]/g, (c) => escapes[c] ?? c)}'`;
}

const escapes: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z', "'": "\\'", '"': '\\"', '\\': '\\\\' };

/**
 * Splits a dump (ours or mysqldump's) into statements: quotes, backticks, comments and
 * `DELIMITER` lines are honoured; `/*! ... *\/` version comments are kept (the server runs
 * them); other comments are dropped, so no statement is empty.
 */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let delimiter = ';';
  let current = '';
  let i = 0;
  const flush = (): void => {
    const statement = current.trim();
    if (statement) statements.push(statement);
    current = '';
  };
  while (i < text.length) {
    const c = text[i];
    const atLineStart = i === 0 || text[i - 1] === '\n';
    if (atLineStart && current.trim() === '') {
      const line = text.slice(i, text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i));
      const directive = /^\s*DELIMITER\s+(\S+)\s*$/i.exec(line);
      // MariaDB's mysqldump opens with a sandbox marker only its own client understands.
      if (directive || line.startsWith('/*M!999999')) {
        if (directive) delimiter = directive[1];
        i += line.length + 1;
        continue;
      }
    }
    if (c === "'" || c === '"' || c === '`') {
      const end = endOfQuoted(text, i);
      current += text.slice(i, end);
      i = end;
    } else if ((c === '-' && text.startsWith('-- ', i)) || (c === '-' && text.startsWith('--\n', i)) || c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
      current += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      if (text[i + 2] === '!') current += text.slice(i, stop);
      else current += ' ';
      i = stop;
    } else if (text.startsWith(delimiter, i)) {
      flush();
      i += delimiter.length;
    } else {
      current += c;
      i++;
    }
  }
  flush();
  return statements;
}

function endOfQuoted(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && quote !== '`') i += 2;
    else if (c === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

/** `INSERT INTO \`t\` ... VALUES (..),(..)` -> { table: 't', rows: 2 }; anything else -> undefined. */
export function insertedRows(statement: string): { table: string; rows: number } | undefined {
  const head = /^INSERT\s+(?:IGNORE\s+)?INTO\s+`((?:[^`]|``)+)`/i.exec(statement);
  if (!head) return undefined;
  let rows = 0;
  let depth = 0;
  let afterValues = false;
  let i = head[0].length;
  while (i < statement.length) {
    const c = statement[i];
    if (c === "'" || c === '"' || c === '`') {
      i = endOfQuoted(statement, i);
      continue;
    }
    if (c === '(') {
      if (depth === 0 && afterValues) rows++;
      depth++;
    } else if (c === ')') depth--;
    else if (depth === 0 && !afterValues && /^VALUES?\b/i.test(statement.slice(i, i + 7)) && /\W/.test(statement[i - 1] ?? ' ')) {
      afterValues = true;
    }
    i++;
  }
  return { table: head[1].replace(/``/g, '`'), rows };
}
