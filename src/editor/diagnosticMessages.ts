// Translations of the analysis core's English templates. Every message is a literal here, so
// VS Code (and @vscode/l10n-dev) can look it up; a template missing from this table is shown in
// English. A new rule adds its templates here and to l10n/bundle.l10n.fr.json.
import * as vscode from 'vscode';
import { format } from '../core/analysis/rules/rule';

type Args = readonly string[];
const templates: Record<string, (a: Args) => string> = {
  "The file name says table '{0}', but up() creates '{1}'.": (a) => vscode.l10n.t("The file name says table '{0}', but up() creates '{1}'.", a[0], a[1]),
  "The file name says table '{0}', but up() creates '{1}': did you mean '{0}'?": (a) => vscode.l10n.t("The file name says table '{0}', but up() creates '{1}': did you mean '{0}'?", a[0], a[1]),
  "The file name says table '{0}', but up() creates '{1}': the file name is the one to fix.": (a) => vscode.l10n.t("The file name says table '{0}', but up() creates '{1}': the file name is the one to fix.", a[0], a[1]),
  "The file name says table '{0}', but up() changes '{1}'.": (a) => vscode.l10n.t("The file name says table '{0}', but up() changes '{1}'.", a[0], a[1]),
  "The file name says table '{0}', but up() changes '{1}': did you mean '{0}'?": (a) => vscode.l10n.t("The file name says table '{0}', but up() changes '{1}': did you mean '{0}'?", a[0], a[1]),
  "The file name says table '{0}', but up() changes '{1}': the file name is the one to fix.": (a) => vscode.l10n.t("The file name says table '{0}', but up() changes '{1}': the file name is the one to fix.", a[0], a[1]),
  "The file name says table '{0}', but up() drops '{1}'.": (a) => vscode.l10n.t("The file name says table '{0}', but up() drops '{1}'.", a[0], a[1]),
  "The file name says table '{0}', but up() drops '{1}': did you mean '{0}'?": (a) => vscode.l10n.t("The file name says table '{0}', but up() drops '{1}': did you mean '{0}'?", a[0], a[1]),
  "The file name says table '{0}', but up() drops '{1}': the file name is the one to fix.": (a) => vscode.l10n.t("The file name says table '{0}', but up() drops '{1}': the file name is the one to fix.", a[0], a[1]),
  "The file name says table '{0}', but up() renames '{1}'.": (a) => vscode.l10n.t("The file name says table '{0}', but up() renames '{1}'.", a[0], a[1]),
  "The file name says table '{0}', but up() renames '{1}': did you mean '{0}'?": (a) => vscode.l10n.t("The file name says table '{0}', but up() renames '{1}': did you mean '{0}'?", a[0], a[1]),
  "The file name says table '{0}', but up() renames '{1}': the file name is the one to fix.": (a) => vscode.l10n.t("The file name says table '{0}', but up() renames '{1}': the file name is the one to fix.", a[0], a[1]),
  "down() does not drop '{0}', which up() creates.": (a) => vscode.l10n.t("down() does not drop '{0}', which up() creates.", a[0]),
  "down() drops '{0}', which up() only changes: rolling back would destroy it.": (a) => vscode.l10n.t("down() drops '{0}', which up() only changes: rolling back would destroy it.", a[0]),
  "down() drops '{0}', which up() does not create.": (a) => vscode.l10n.t("down() drops '{0}', which up() does not create.", a[0]),
  "down() does not rename '{0}' back to '{1}'.": (a) => vscode.l10n.t("down() does not rename '{0}' back to '{1}'.", a[0], a[1]),
  "The class '{0}' should be named '{1}' after its file name, or Laravel cannot find it.": (a) => vscode.l10n.t("The class '{0}' should be named '{1}' after its file name, or Laravel cannot find it.", a[0], a[1]),
  "The class '{0}' is also declared by {1}.": (a) => vscode.l10n.t("The class '{0}' is also declared by {1}.", a[0], a[1]),
  "Table '{0}' already exists: this migration created it earlier in up().": (a) => vscode.l10n.t("Table '{0}' already exists: this migration created it earlier in up().", a[0]),
  "Table '{0}' already exists: {1} created it.": (a) => vscode.l10n.t("Table '{0}' already exists: {1} created it.", a[0], a[1]),
  "Table '{0}' does not exist at this point: {1} dropped it.": (a) => vscode.l10n.t("Table '{0}' does not exist at this point: {1} dropped it.", a[0], a[1]),
  "Table '{0}' is not created by any earlier migration.": (a) => vscode.l10n.t("Table '{0}' is not created by any earlier migration.", a[0]),
  "The Drizzle definition of '{0}' ({1}) has a column '{2}' ({3}) that the migrations never create.": (a) => vscode.l10n.t("The Drizzle definition of '{0}' ({1}) has a column '{2}' ({3}) that the migrations never create.", a[0], a[1], a[2], a[3]),
  "Column '{0}' of '{1}' is {2} here, but {3} in its Drizzle definition ({4}).": (a) => vscode.l10n.t("Column '{0}' of '{1}' is {2} here, but {3} in its Drizzle definition ({4}).", a[0], a[1], a[2], a[3], a[4]),
  "Column '{0}' of '{1}' is not in its Drizzle definition ({2}).": (a) => vscode.l10n.t("Column '{0}' of '{1}' is not in its Drizzle definition ({2}).", a[0], a[1], a[2]),
  'created here': (_a) => vscode.l10n.t('created here'),
  'dropped here': (_a) => vscode.l10n.t('dropped here'),
  'also declared here': (_a) => vscode.l10n.t('also declared here'),
  'renamed here': (_a) => vscode.l10n.t('renamed here'),
  "Change the table to '{0}', as the file name says": (a) => vscode.l10n.t("Change the table to '{0}', as the file name says", a[0]),
  "Rename the file to '{0}.php' (its recorded migration name changes: where it already ran, it will look pending)": (a) => vscode.l10n.t("Rename the file to '{0}.php' (its recorded migration name changes: where it already ran, it will look pending)", a[0]),
  'Make down() undo what up() does': (_a) => vscode.l10n.t('Make down() undo what up() does'),
  "Rename the class to '{0}'": (a) => vscode.l10n.t("Rename the class to '{0}'", a[0]),
};

/** The user's language for a core template filled with its arguments (English when unknown). */
export function translateTemplate(template: string, args: Args): string {
  const translate = templates[template];
  return translate ? translate(args) : format(template, args);
}
