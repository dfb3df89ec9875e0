// What status says about the project, as messages: apart from ./index so that the editor's
// status report (loaded at activation) does not pull in the readers of composer and packages.
// Never imports 'vscode'.
import * as path from 'node:path';
import { message, type Message } from '../messages/catalog';
import type { ProjectFacts } from './index';

/**
 * The lines status prints about the project, for people: the CLI renders them in English, the
 * editor in the user's language. Folders are shown relative to `relativeTo` when given.
 */
export function describeProjectFacts(facts: ProjectFacts, relativeTo?: string): Message[] {
  const { version, driver, notes } = facts.laravel;
  const lines = [
    version.value === undefined
      ? message('project.versionUnknown', version.said ?? version.source)
      : driver.value === undefined || driver.assumed
        ? message('project.versionDriverUnknown', version.value, version.said ?? version.source, driver.said ?? driver.source)
        : message('project.version', version.value, version.said ?? version.source, driver.value, driver.said ?? driver.source),
    ...notes.map((note) => message('project.note', note)),
  ];
  const shown = (file: string) => (relativeTo === undefined ? file : path.relative(relativeTo, file) || '.');
  for (const f of facts.packages?.folders ?? []) {
    const owner = f.package ?? f.provider;
    lines.push(f.condition ? message('project.packageFolderWhen', shown(f.folder), owner, f.condition) : message('project.packageFolder', shown(f.folder), owner));
  }
  for (const i of facts.packages?.ignored ?? []) lines.push(message('project.packageIgnored', shown(i.folder), i.because));
  for (const u of facts.packages?.unresolved ?? []) lines.push(message('project.packageUnresolved', u.provider, shown(u.file), u.line, u.expression));
  for (const problem of facts.packages?.problems ?? []) lines.push(message('project.packageProblem', problem));
  return lines;
}
