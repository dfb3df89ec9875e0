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
