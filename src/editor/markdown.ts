// Text from a file, a database or the user put into a Markdown tooltip: every character Markdown,
// HTML or a theme icon would act on is escaped, so a name shows as written and never becomes a
// link, an image, a heading or an icon. No 'vscode' import: tested in plain Node.
import { visibleName } from '../core/messages/visible';

export function markdownText(text: string): string {
  return visibleName(text).replace(/[\\`*_{}[\]()#+\-.!|<>$&~]/g, '\\$&');
}

/**
 * A name as a tree item's label or the status bar's text: on one line (a line break would show a
 * line of its own, a fake state) and with no `$(icon)` of its own; a zero-width space after `$` keeps it text.
 */
export function labelText(text: string): string {
  return visibleName(text).replace(/\$\(/g, '$\u200b(');
}

/** `**database** (host:port)`: the heading of a connection's tooltip. */
export function connectionHeading(connection: { readonly database: string; readonly host: string; readonly port: number }): string {
  return `**${markdownText(connection.database)}** (${markdownText(`${connection.host}:${connection.port}`)})`;
}

/**
 * A value quoted into a notification or a plain message, where VS Code still turns
 * `[label](https:|command:|file:...)` into a link: a zero-width space after `]` keeps the text as
 * shown and makes no link of it (a server's error message or a migration's name could otherwise
 * run a command on a click).
 */
export function inertLinks(text: string): string {
  return text.includes('](') ? text.replace(/\]\(/g, ']\u200b(') : text;
}
