// The one place where a sentence of the core becomes the user's language. Its English template
// is the key VS Code looks up in l10n/bundle.l10n.fr.json; test/unit/l10n.test.ts checks that
// every template of the core (the message catalog, the analysis rules) has its French entry.
import * as vscode from 'vscode';
import type { DatabaseError } from '../core/db/errors';
import { catalog, renderedArgs, type Message } from '../core/messages/catalog';
import { visibleName } from '../core/messages/visible';
import type { StructureDifference } from '../core/structure/model';
import type { InternalFailure } from './internalError';
import { inertLinks } from './markdown';

/** A core template filled with its arguments (each on one line, as `visibleName` shows names), translated when the bundle has it (else English). */
export function localise(template: string, args: readonly string[]): string {
  return vscode.l10n.t(template, ...args.map(visibleName));
}

/** Its arguments (names, the server's words) never become links in a notification. */
export function say(said: Message): string {
  return localise(catalog[said.id], renderedArgs(said, say).map(inertLinks));
}

/** A connection failure's two sentences (what happened, then what to do) in the user's language. */
export function sayError(error: DatabaseError | InternalFailure, between = ' '): string {
  const [sentence, nextStep] = 'said' in error && error.said ? [say(error.said.sentence), say(error.said.nextStep)] : [inertLinks(visibleName(error.sentence)), inertLinks(visibleName(error.nextStep))];
  return `${sentence}${between}${nextStep}`;
}

/** How a live table differs from its expected structure, in the user's language. */
export function sayDifference(difference: StructureDifference): string {
  return difference.said ? say(difference.said) : visibleName(difference.explanation);
}
