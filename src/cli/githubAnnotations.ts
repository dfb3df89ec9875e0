// GitHub Actions workflow commands (`::error file=…,title=…::message`): the runner reads them off
// the log, so a line break in a message would end the command and start a line the runner obeys.
// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts escapes the same way.

/** A command's message: `%`, CR and LF escaped. */
export function githubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value (file, title): also `:` and `,`, which end it. */
export function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
