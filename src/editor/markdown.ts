// Text from a file, a database or the user put into a Markdown tooltip: every character Markdown,
// HTML or a theme icon would act on is escaped, so a name shows as written and never becomes a
// link, an image, a heading or an icon. No 'vscode' import: tested in plain Node.

export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$&~]/g, '\\$&');
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
