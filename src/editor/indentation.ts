// A multi-line edit from the core (a quick fix's new down() body) is written with spaces, four per
// level; in the user's file it follows the file's own indentation: tabs, or its own width of
// spaces, from the indentation of the line the edit starts on. No 'vscode' import.

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The file's unit of indentation: a tab when most indented lines start with one, else the spaces they share (4 when unknown). */
export function indentUnit(text: string): string {
  let tabs = 0;
  let spaces = 0;
  let width = 0;
  for (const line of text.split('\n')) {
    const lead = /^[ \t]*/.exec(line)![0];
    // Blank lines say nothing; " * " continues a docblock, one space off the code.
    if (lead === '' || lead.length === line.trimEnd().length || line.slice(lead.length).startsWith('*')) continue;
    if (lead.startsWith('\t')) tabs++;
    else if (!lead.includes('\t')) {
      spaces++;
      width = gcd(width, lead.length);
    }
  }
  if (tabs > spaces) return '\t';
  return ' '.repeat(width >= 2 ? width : 4);
}

/**
 * `newText` (its first line continues where the edit starts) with the leading spaces of its other
 * lines written as `lineIndent` (the indentation of the line the edit starts on) plus `unit` per
 * level, a level being the core's step of spaces beyond its least indented line.
 */
export function followIndentation(newText: string, lineIndent: string, unit: string): string {
  const lines = newText.split('\n');
  if (lines.length === 1) return newText;
  const rest = lines.slice(1);
  const leads = rest.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  if (leads.length === 0) return newText;
  const base = Math.min(...leads);
  const step = leads.reduce((g, n) => gcd(g, n - base), 0) || 4;
  return [lines[0], ...rest.map((l) => {
    if (l.trim() === '') return '';
    const lead = /^ */.exec(l)![0].length;
    return `${lineIndent}${unit.repeat(Math.round((lead - base) / step))}${l.slice(lead)}`;
  })].join('\n');
}

/** `newText`, to be written from line `startLine` of `fileText`, indented as that file is. */
export function indentedAsFile(newText: string, fileText: string, startLine: number): string {
  if (!newText.includes('\n')) return newText;
  const line = fileText.split('\n')[startLine] ?? '';
  return followIndentation(newText, /^[ \t]*/.exec(line)![0], indentUnit(fileText));
}
