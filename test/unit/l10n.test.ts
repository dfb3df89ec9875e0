// Every user-facing string has its French translation: each vscode.l10n.t(...) message in
// src has an entry in l10n/bundle.l10n.fr.json, and each %key% of package.json exists in
// package.nls.json and package.nls.fr.json. Messages are read with the TypeScript parser,
// since a message VS Code cannot look up (built at run time) can never be translated.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { catalog, english, fillTemplate, message, renderedArgs, type Message as CoreMessage, type MessageId } from '../../src/core/messages/catalog';
import { renderRepairReport } from '../../src/core/repair/report';
import type { StatusSnapshot } from '../../src/core/status/types';
import { renderPlanSql } from '../../src/core/repair/preview';
import type { RepairPlan } from '../../src/core/repair/types';
import { openDatabase } from '../../src/core/db/database';
import { DatabaseError } from '../../src/core/db/errors';
import { createTableStatements, UnrenderableStructure } from '../../src/core/structure/ddl';
import type { TableModel } from '../../src/core/structure/model';
import { findPackageMigrations } from '../../src/core/project/packages';
import { computeStatus } from '../../src/core/status/engine';
import { catalogOf } from '../../src/core/structure/fromDrizzle';
import { structurePort } from '../../src/core/status/structurePort';
import { parseMigration } from '../../src/core/analysis/parse';
import { translateMigrations } from '../../src/core/translate';
import { builtInTables } from '../../src/schema';
import { planRepair } from '../../src/core/repair/planner';
import { structureSql } from '../../src/core/repair/session';
import { verifyApplied } from '../../src/core/repair/run';

const root = resolve(__dirname, '../../..');

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(root, dir, file));
}

interface Message {
  key?: string;
  /** The message without its comment, for placeholder checks. */
  text?: string;
  where: string;
  problem?: string;
}

/** The literal value of `'a'`, `` `a` `` or `'a' + 'b'`; undefined when built at run time. */
function staticString(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return staticString(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = staticString(node.left);
    const right = staticString(node.right);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  return undefined;
}

/** The bundle key VS Code looks up: the message, or `message/comment` (comments joined). */
function messageKey(argument: ts.Expression): { key: string; text: string } | undefined {
  const direct = staticString(argument);
  if (direct !== undefined) return { key: direct, text: direct };
  if (!ts.isObjectLiteralExpression(argument)) return undefined;
  const property = (name: string) =>
    argument.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name)?.initializer;
  const message = property('message');
  const text = message && staticString(message);
  if (text === undefined) return undefined;
  const comment = property('comment');
  if (!comment) return { key: text, text };
  const comments = ts.isArrayLiteralExpression(comment) ? comment.elements.map(staticString) : [staticString(comment)];
  if (comments.some((c) => c === undefined)) return undefined;
  const joined = comments.join('');
  return { key: joined.length > 0 ? `${text}/${joined}` : text, text };
}

/** Every call of `<something>.l10n.t(...)` or `l10n.t(...)` in the file. */
export function l10nMessages(fileName: string, text: string): Message[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: Message[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't') {
      const target = node.expression.expression;
      const isL10n =
        (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
      if (isL10n) {
        const { line } = file.getLineAndCharacterOfPosition(node.getStart());
        const where = `${relative(root, fileName)}:${line + 1}`;
        const message = node.arguments[0] && messageKey(node.arguments[0]);
        found.push(message ? { ...message, where } : { where, problem: `message is not a literal: ${node.getText().slice(0, 80)}` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

// Where an adapter shows a sentence, it must come from the catalog (say…) or vscode.l10n.t:
// an English field of a core result (`.message`, `.problem`…), an English literal, or the
// string a core function returns would reach a French user untranslated.
const sinkCalls = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage', 'review', 'confirm', 'outdateAllBut']);
const sinkProperties = new Set(['label', 'description', 'detail', 'title', 'prompt', 'placeHolder', 'tooltip', 'text']);
/** Fields of core results that hold English. */
const englishFields = new Set(['message', 'problem', 'explanation', 'reason', 'note', 'notContained', 'sentence', 'nextStep', 'report']);
/** Core functions whose string is not a sentence (a connection's name, SQL rendered through `say`), or that make a message to be said. */
const coreNonSentences = new Set(['describeConnection', 'renderPlanSql', 'renderStatusTable', 'publicConnection', 'message']);
const renderers = /^(say\w*|localise)$/;

export function adapterLeaks(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const leaks: string[] = [];
  const fromCore = new Set<string>();
  const assigned = new Map<string, ts.Expression[]>();
  const collect = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && /\/core\//.test(node.moduleSpecifier.text) && !node.importClause?.isTypeOnly) {
      const named = node.importClause?.namedBindings;
      if (named && ts.isNamedImports(named)) for (const e of named.elements) if (!e.isTypeOnly) fromCore.add(e.name.text);
    }
    // const { x, y } = await lazyCore();
    if (ts.isVariableDeclaration(node) && node.initializer && /lazyCore\(\)/.test(node.initializer.getText()) && ts.isObjectBindingPattern(node.name)) {
      for (const e of node.name.elements) if (ts.isIdentifier(e.name)) fromCore.add(e.name.text);
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) assigned.set(node.name.text, [...(assigned.get(node.name.text) ?? []), node.initializer]);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) {
      assigned.set(node.left.text, [...(assigned.get(node.left.text) ?? []), node.right]);
    }
    ts.forEachChild(node, collect);
  };
  collect(file);
  const where = (node: ts.Node) => `${relative(root, fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 100)}`;
  const english = (s: string) => /[A-Za-z]{2,}[ ,]+[a-z]{2,}/.test(s.replace(/\$\([\w~-]+\)/g, ''));
  const check = (expr: ts.Expression, seen: Set<string>): void => {
    if (ts.isParenthesizedExpression(expr) || ts.isAwaitExpression(expr) || ts.isNonNullExpression(expr) || ts.isAsExpression(expr)) return check(expr.expression, seen);
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
      if (english(expr.text)) leaks.push(where(expr));
      return;
    }
    if (ts.isTemplateExpression(expr)) {
      if (english([expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)].join(' '))) leaks.push(where(expr));
      for (const span of expr.templateSpans) check(span.expression, seen);
      return;
    }
    if (ts.isBinaryExpression(expr)) {
      if ([ts.SyntaxKind.PlusToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(expr.operatorToken.kind)) {
        check(expr.left, seen);
        check(expr.right, seen);
      }
      return;
    }
    if (ts.isConditionalExpression(expr)) {
      check(expr.whenTrue, seen);
      check(expr.whenFalse, seen);
      return;
    }
    if (ts.isPropertyAccessExpression(expr)) {
      if (englishFields.has(expr.name.text)) leaks.push(where(expr));
      return;
    }
    if (ts.isIdentifier(expr)) {
      if (seen.has(expr.text)) return;
      for (const value of assigned.get(expr.text) ?? []) check(value, new Set([...seen, expr.text]));
      return;
    }
    if (ts.isCallExpression(expr)) {
      const callee = expr.expression;
      if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        if (method === 't' && /l10n$/.test(callee.expression.getText())) return;
        // list.map(say) is rendered; list.join(' '), text.trim()... are what their receiver is.
        if (method === 'map') {
          const f = expr.arguments[0];
          if (f && ts.isIdentifier(f) && renderers.test(f.text)) return;
        }
        if (['join', 'map', 'trim', 'trimEnd', 'concat', 'slice'].includes(method)) return check(callee.expression, seen);
        return;
      }
      if (ts.isIdentifier(callee)) {
        if (renderers.test(callee.text)) return;
        if (fromCore.has(callee.text) && !coreNonSentences.has(callee.text)) leaks.push(where(expr));
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      if (sinkCalls.has(name)) {
        for (const arg of node.arguments) {
          if (ts.isObjectLiteralExpression(arg)) {
            for (const p of arg.properties) if (ts.isPropertyAssignment(p) && p.name.getText() === 'detail') check(p.initializer, new Set());
          } else check(arg, new Set());
        }
      }
    }
    // A DatabaseError's sentence and next step are said to the user (sayError).
    if (ts.isNewExpression(node) && node.expression.getText() === 'DatabaseError') for (const arg of node.arguments?.slice(1, 3) ?? []) check(arg, new Set());
    if (ts.isPropertyAssignment(node) && sinkProperties.has(node.name.getText()) && ts.isObjectLiteralExpression(node.parent)) check(node.initializer, new Set());
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && sinkProperties.has(node.left.name.text)) {
      check(node.right, new Set());
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return leaks;
}

/** Counted nouns in the template literals of a CLI file (English only, without the catalog): `${n} rows`, `failure(s)`. */
export function cliCounts(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const where = (node: ts.Node) => `${relative(root, fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isTemplateExpression(node)) {
      for (const span of node.templateSpans) {
        const counted = countedNouns(`{0}${span.literal.text}`)[0];
        if (counted && counted.startsWith('{0} ')) found.push(`${where(span)}: \${${span.expression.getText()}}${counted.slice(3)}`);
      }
    }
    if ((ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) && /[a-z]\(s\)/.test(node.getText())) {
      found.push(...[...node.getText().matchAll(/[a-z]+\(s\)/g)].map((m) => `${where(node)}: ${m[0]}`));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Calls of l10n.t or message() given an argument that can be '' (a conditional with an empty branch). */
export function emptyArguments(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const empty = (e: ts.Expression): boolean => (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && e.text === '';
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isSentence = (ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && /l10n$/.test(callee.expression.getText())) || (ts.isIdentifier(callee) && callee.text === 'message');
      const first = node.arguments[0];
      const literal = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : undefined;
      const template = literal === undefined ? undefined : ts.isIdentifier(callee) ? (catalog as Record<string, string>)[literal] : literal;
      // Only a placeholder between spaces (or at an end after one) leaves a double or trailing space when empty.
      const spaced = (i: number) => template !== undefined && new RegExp(`(^|\\s)\\{${i}\\}(\\s|$)`).test(template);
      const blank = node.arguments.slice(1).some((a, i) => spaced(i) && ts.isConditionalExpression(a) && (empty(a.whenTrue) || empty(a.whenFalse)));
      if (isSentence && blank) found.push(`${relative(root, fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 100)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Words after a count that are not a plural noun ("{0} is", "{1} as it is", "{1} of its"). */
const notNouns = new Set(['is', 'was', 'has', 'does', 'creates', 'uses', 'lacks', 'holds', 'says', 'loads', 'contains', 'ends', 'registers', 'differs', 'exists', 'applies', 'fails', 'passes', 'runs', 'needs', 'means', 'keeps', 'makes', 'takes', 'goes', 'changes', 'renames', 'depends', 'its', 'as', 'this', 'his', 'us', 'ms', 'with', 'without', 'of', 'in', 'on', 'to', 'from', 'for', 'by', 'at']);

/** `{1} steps`, `{0} repair steps`: a placeholder, maybe one word, then a plural noun. */
export function countedNouns(template: string): string[] {
  return [...template.matchAll(/\{\d+\} (?:([a-z]+) )?([a-z]+s)\b/g)]
    .filter(([, word, noun]) => !notNouns.has(noun!) && (word === undefined || !notNouns.has(word)))
    .map(([whole]) => whole);
}

function singularOf(noun: string): string {
  return noun.endsWith('ies') ? `${noun.slice(0, -3)}y` : /(ch|sh|x)es$/.test(noun) ? noun.slice(0, -2) : noun.slice(0, -1);
}

/**
 * The sentence said with 1 and the singular, in the same words (placeholders renumbered), or
 * for a catalog message whose singular reads otherwise ("their rows" / "its rows"), the id's
 * `One` twin.
 */
export function hasSingularTwin(template: string, templates: readonly string[], ids: readonly MessageId[]): boolean {
  const shape = (t: string) => t.replace(/\{\d+\}/g, '{}');
  const singular = shape(template.replace(/\{\d+\} (?:([a-z]+) )?([a-z]+s)\b/g, (whole, word: string | undefined, noun: string) =>
    countedNouns(whole).length === 0 ? whole : `1 ${word ? `${word} ` : ''}${singularOf(noun)}`));
  if (templates.some((other) => shape(other) === singular)) return true;
  const id = ids.find((i) => catalog[i] === template);
  return id !== undefined && (`${id}One` in catalog);
}

/**
 * Counts that are never 1: a duplicate entry is at least two rows, "more" values at least two,
 * and "1 of {1} databases" is said only when there are several (one database has its own form).
 */
// Sizes over a limit are never one byte: a packet over 64 KB, a statement over max_allowed_packet.
const neverOne = new Set<string>([
  catalog['preflight.willFailDuplicates'], catalog['preflight.willFailDuplicatesMore'], '{0}: 1 of {1} databases with problems',
  catalog['connection.greetingTooLarge'], catalog['connection.answerTooLarge'], catalog['restore.statementTooLarge'],
]);

describe('Localization', () => {
  const messages = sourceFiles('src').flatMap((path) => l10nMessages(path, readFileSync(path, 'utf8')));
  const french = readJson('l10n/bundle.l10n.fr.json');

  it('the extractor sees the calls VS Code will look up', () => {
    const sample = l10nMessages(
      join(root, 'src/sample.ts'),
      [
        "vscode.l10n.t('Plain {0}', x);",
        'l10n.t(`Template`);',
        "vscode.l10n.t('Split ' + 'message');",
        "vscode.l10n.t({ message: 'With comment', args: [], comment: ['a', 'b'] });",
        'vscode.l10n.t(variable);',
        "other.t('not l10n');",
      ].join('\n'),
    );
    assert.deepEqual(
      sample.map((m) => m.key ?? m.problem?.split(':')[0]),
      ['Plain {0}', 'Template', 'Split message', 'With comment/ab', 'message is not a literal'],
    );
    assert.ok(messages.length > 0, 'no vscode.l10n.t call found in src: the scan is broken');
  });

  it('every vscode.l10n.t message is a literal VS Code can look up, but in the one renderer of core templates', () => {
    // src/editor/messages.ts looks up the templates of the core, checked below and in test/unit/analysis/l10n.test.ts.
    const renderer = messages.filter((m) => m.where.startsWith(join('src', 'editor', 'messages.ts:')));
    assert.equal(renderer.length, 1, 'src/editor/messages.ts calls vscode.l10n.t once');
    const problems = messages.filter((m) => m.problem && !renderer.includes(m)).map((m) => `${m.where}: ${m.problem}`);
    assert.deepEqual(problems, []);
  });

  it('the adapters show no sentence that bypasses the catalog and vscode.l10n.t', () => {
    const adapters = [...sourceFiles('src/editor'), ...sourceFiles('src/commands'), join(root, 'src/commands.ts'), join(root, 'src/extension.ts')];
    const leaks = adapters.flatMap((path) => adapterLeaks(path, readFileSync(path, 'utf8')));
    assert.deepEqual(leaks, [], 'render these through say(...) of a catalog message, or vscode.l10n.t');
  });

  it('the leak check sees English fields, literals and core strings on their way to the user', () => {
    const leaks = adapterLeaks(join(root, 'src/editor/sample.ts'), [
      "import { restoreBackup, stateLabel } from '../core/repair/restore';",
      'async function f(result: { message: string; said: Message }, db: Database) {',
      '  void vscode.window.showErrorMessage(result.message);',
      '  void vscode.window.showErrorMessage(say(result.said));',
      "  void vscode.window.showWarningMessage('Something went wrong.');",
      "  void vscode.window.showWarningMessage(vscode.l10n.t('Something went wrong.'));",
      '  const { backupPreview } = await lazyCore();',
      '  let contents: string;',
      '  contents = await backupPreview(db, []);',
      "  await prompts.confirm(vscode.l10n.t('Sure?'), `${vscode.l10n.t('Backup')} ${contents}`, 'Go');",
      "  const rendered = (await backupPreview(db, [])).map(say).join(' ');",
      '  void vscode.window.showInformationMessage(rendered);',
      "  items.push({ label: `$(file) ${vscode.l10n.t('Edit')}`, detail: step.reason });",
      '}',
    ].join('\n'));
    assert.deepEqual(leaks.map((l) => l.replace(/^[^:]+:/, '').split(':')[0]), ['3', '5', '9', '13']);
    const thrown = adapterLeaks(join(root, 'src/editor/sample.ts'), [
      "throw new DatabaseError('configuration', `The connection '${name}' has no database.`, 'Set its database.');",
      "throw new DatabaseError('configuration', message('connection.noDatabase', name), message('connection.noDatabaseNext'));",
    ].join('\n'));
    assert.deepEqual(thrown.map((l) => l.replace(/^[^:]+:/, '').split(':')[0]), ['1', '1']);
  });

  it('every message of the core catalog has a French entry with the same placeholders', () => {
    const placeholders = (text: string) => [...new Set(text.match(/\{[^}]+\}/g) ?? [])].sort().join(' ');
    const entries = Object.entries(catalog);
    assert.ok(entries.length > 50, `the catalog has ${entries.length} messages: the import is broken`);
    const missing = entries.filter(([, english]) => typeof french[english] !== 'string' || (french[english] as string).trim() === '');
    assert.deepEqual(missing.map(([id]) => id), [], 'add these templates to l10n/bundle.l10n.fr.json');
    const changed = entries
      .filter(([, english]) => typeof french[english] === 'string' && placeholders(english) !== placeholders(french[english] as string))
      .map(([id, english]) => `${id}: ${JSON.stringify(french[english])}`);
    assert.deepEqual(changed, []);
    // Two ids with one template would share one translation: each sentence is said once.
    assert.equal(new Set(entries.map(([, english]) => english)).size, entries.length);
  });

  it('every vscode.l10n.t message has a French translation in l10n/bundle.l10n.fr.json', () => {
    const missing = messages
      .filter((m) => m.key !== undefined && (typeof french[m.key] !== 'string' || (french[m.key] as string).trim() === ''))
      .map((m) => `${m.where}: ${JSON.stringify(m.key)}`);
    assert.deepEqual(missing, [], 'add these keys to l10n/bundle.l10n.fr.json');
  });

  it('French translations keep the placeholders of their message', () => {
    const placeholders = (text: string) => [...new Set(text.match(/\{[^}]+\}/g) ?? [])].sort().join(' ');
    const changed = messages
      .filter((m) => m.key !== undefined && typeof french[m.key] === 'string')
      .filter((m) => placeholders(m.text!) !== placeholders(french[m.key!] as string))
      .map((m) => `${m.where}: ${JSON.stringify(m.key)} -> ${JSON.stringify(french[m.key!])}`);
    assert.deepEqual(changed, []);
  });

  it('every sentence of the repair preview goes through the renderer it is given', () => {
    const said = message('repair.alter', 't');
    const plan: RepairPlan = {
      database: 'd', migrationsTable: 'migrations', batch: 2, choices: [{ migration: 'm', chosen: 'alter-table', alternatives: ['alter-table', 'drop-table'] }],
      steps: [{ id: 'alter-table:m:t', migration: 'm', action: 'alter-table', table: 't', sql: ['ALTER TABLE `t` DROP `x`'], reason: 'English', said, lossy: true, requiresBackup: true, backupTables: ['t'], backupMigrationRows: [] }],
      notes: [{ migration: 'n', table: 'u', message: 'English', said: message('note.notOwnedCreate', 'u') }, { migration: 'o', message: 'English', said: message('note.matchUnknown') }],
    };
    const comments = renderPlanSql(plan, 'c', plan.steps, (m) => `<${m.id}|${m.args.join('|')}>`).split('\n').filter((line) => line.startsWith('--'));
    // A line is one rendered message (a lossy step's heading is two): nothing in English around them.
    const leaks = comments.filter((line) => !/^-- (<[^<>]*(<[^<>]*>[^<>]*)?>\s*)+$/.test(line));
    assert.deepEqual(leaks, []);
    assert.ok(comments.length >= 8, comments.join('\n'));
  });

  it('the report beside a backup is written in the renderer it is given: every sentence, French included', () => {
    const step = { id: 'create-table:m:t', migration: 'm', action: 'create-table' as const, table: 't', sql: ['CREATE TABLE `t` (`id` int)'], reason: 'English', said: message('repair.createMissing', 't'), lossy: false, requiresBackup: true, backupTables: ['t'], backupMigrationRows: [] };
    const record = {
      backup: { file: '/b/d-20260101-000000.sql', manifest: { format: 1 as const, database: 'd', migrationsTable: 'migrations', createdAt: '2026-01-01T00:00:00Z', method: 'built-in' as const, tables: [], migrationNames: [], migrationRows: 0 } },
      planned: [step, { ...step, id: 'record-as-ran:n', migration: 'n', action: 'record-as-ran' as const, table: undefined, said: message('repair.recordMatching', 'u', 2) }],
      applied: [step],
      failure: { step, statementsApplied: 0, statement: 'INSERT', error: { kind: 'other' as const, serverMessage: 'no', explanation: 'English', said: message('failure.refused', 'no') } },
      verification: [{ migration: 'm', ok: true, state: 'ran', message: 'English', said: message('verify.ran') }],
      connection: { name: 'c', host: 'h', port: 3306, user: 'u', database: 'd', migrationsTable: 'migrations', tablePrefix: '', production: false },
      before: { migrations: [{ name: 'm', state: 'ran-table-missing', batch: 1, tables: ['t'], problems: [] }] } as unknown as StatusSnapshot,
    };
    const marked = renderRepairReport({ ...record, render: (m) => `<${m.id}>` });
    // Outside the SQL and the command, a line is markup around rendered messages and the names it quotes.
    const prose = marked.replace(/```[a-z]*\n[\s\S]*?\n```/g, '').split('\n').filter((line) => line.trim() !== '');
    const leaks = prose.filter((line) => !/^(#+ |- |  - )?(✅ |❌ )?(`[^`]*`: )?(<[\w.]+>)$/.test(line));
    assert.deepEqual(leaks, []);
    assert.ok(prose.length >= 12, marked);
    const frenchRender = (m: CoreMessage): string => fillTemplate(french[catalog[m.id]] as string, renderedArgs(m, frenchRender));
    const inFrench = renderRepairReport({ ...record, render: frenchRender });
    assert.match(inFrench, /## Ce qui n'allait pas\n\n- `m`: état avant la réparation : `ran-table-missing`/);
    assert.match(inFrench, /## Sauvegarde et restauration/);
    assert.match(inFrench, /\(intégrée, vérifiée\)/, 'the built-in dump is said in French too');
    assert.match(inFrench, /```sh\nmigration-doctor restore \/b\/d-20260101-000000\.sql --host h --port 3306 --user u --database d\n```/);
  });

  it('a name the server refuses and a structure the tool cannot write are said in French, not in English', async () => {
    const frenchRender = (m: CoreMessage): string => fillTemplate(french[catalog[m.id]] as string, renderedArgs(m, frenchRender));
    const options = { name: 'c', host: '127.0.0.1', port: 1, user: 'u', database: 'shop ', migrationsTable: 'migrations', tablePrefix: '', production: false };
    const refused = await openDatabase(options).then(() => undefined, (error: unknown) => error);
    assert.ok(refused instanceof DatabaseError && refused.said, String(refused));
    assert.equal(frenchRender(refused.said.sentence), 'Le nom "shop " (base de données) se termine par une espace, ce que le serveur refuse.');
    assert.equal(refused.sentence, 'The database name "shop " ends with a space, which the server refuses.');
    const table = { name: 't', columns: [], indexes: [], foreignKeys: [], options: {} } as TableModel;
    const unwritable = (() => {
      try {
        return createTableStatements(table);
      } catch (error) {
        return error;
      }
    })();
    assert.ok(unwritable instanceof UnrenderableStructure, String(unwritable));
    assert.equal(frenchRender(unwritable.said), 'La table "t" n\'a aucune colonne.');
    assert.equal(unwritable.message, 'Table "t" has no columns.');
  });

  it('why the migrations of a package cannot be told is said in French, not in English', async () => {
    const frenchRender = (m: CoreMessage): string => fillTemplate(french[catalog[m.id]] as string, renderedArgs(m, frenchRender));
    const app = mkdtempSync(join(tmpdir(), 'md-l10n-packages-'));
    try {
      mkdirSync(join(app, 'config'));
      writeFileSync(join(app, 'composer.json'), JSON.stringify({ require: { 'laravel/framework': '^11.0', 'acme/x': '^1.0' }, autoload: { 'psr-4': { 'App\\': 'app/' } } }));
      writeFileSync(join(app, 'config', 'app.php'), "<?php\nreturn ['providers' => [App\\Providers\\GoneServiceProvider::class]];\n");
      const found = await findPackageMigrations(app);
      assert.deepEqual(found.problems.map(frenchRender), [
        "vendor/composer/installed.json manque (composer install n'a pas été lancé ici) : les migrations que acme/x peuvent enregistrer ne peuvent pas être connues.",
        "Le fichier de App\\Providers\\GoneServiceProvider est introuvable (autoload composer de l'application et des paquets installés) : les migrations qu'il enregistre ne peuvent pas être connues.",
      ]);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  it('a row that may belong to a folder that cannot be told is said in French, folders included', () => {
    const frenchRender = (m: CoreMessage): string => fillTemplate(french[catalog[m.id]] as string, renderedArgs(m, frenchRender));
    const unknownFolders = [message('packages.unresolved', 'Acme\\P', '$dir', 'P.php', 4), message('packages.providerNotFound', 'Acme\\Q')];
    const input = { migrations: [], catalog: { tables: new Map(), unknown: new Map() }, structure: structurePort(), unknownFolders };
    const result = computeStatus(input, { rows: [{ migration: 'gone', batch: 2 }], liveTables: new Set(['migrations']), liveStructures: new Map() }, '');
    const problem = result.migrations[0]!.problems[0]!;
    assert.ok(problem.said, 'the problem carries no message for the editor');
    assert.equal(
      frenchRender(problem.said.message),
      "La table des migrations enregistre `gone` (lot 2), et aucun fichier de migration lu ne porte ce nom ; ce peut être une migration d'un dossier qui ne peut pas être connu (Acme\\P charge des migrations depuis $dir (P.php:4) ; Le fichier de Acme\\Q est introuvable (autoload composer de l'application et des paquets installés) : les migrations qu'il enregistre ne peuvent pas être connues.).",
    );
    assert.match(problem.message, /^The migrations table records `gone` \(batch 2\), and no migration file read has this name; it may be a migration of a folder that cannot be told \(Acme\\P loads migrations from \$dir \(P\.php:4\); The file of Acme\\Q was not found/);
    assert.deepEqual(problem.repairs, []);
  });

  it('what status finds wrong and the repair it names are said in French: every kind, with their English unchanged', async () => {
    const frenchRender = (m: CoreMessage): string => fillTemplate(french[catalog[m.id]] as string, renderedArgs(m, frenchRender));
    const file = (name: string, table: string) => parseMigration(`/app/database/migrations/${name}.php`,
      `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n    public function up()\n    {\n        Schema::create('${table}', function (Blueprint $table) { $table->id(); });\n    }\n};\n`);
    const expected = catalogOf(builtInTables);
    // The first `count` columns of the expected table, each with another type.
    const drifted = (name: string, count: number): TableModel => {
      const model = expected.tables.get(name)!.model;
      return { ...model, columns: model.columns.map((c, i) => (i < count ? { ...c, type: 'int' } : c)) };
    };
    const [notif, trans, users, other] = ['2025_09_23_011532_create_eklektik_notifications_tracking_table', '2025_09_23_120134_create_eklektik_transactions_tracking_table', '2024_01_02_000000_create_transactions_history_table', '2024_01_01_000000_create_others_table'];
    const live = {
      rows: [{ migration: users, batch: 1 }, { migration: other, batch: 1 }, { migration: notif, batch: 1 }, { migration: 'gone', batch: 2 }],
      liveTables: new Set(['migrations', 'transactions_history', 'eklektik_transactions_tracking']),
      liveStructures: new Map([['transactions_history', drifted('transactions_history', 1)], ['eklektik_transactions_tracking', drifted('eklektik_transactions_tracking', 4)]]),
    };
    const result = computeStatus(
      { migrations: [file(users, 'transactions_history'), file(other, 'others'), file(notif, 'eklektik_notifications_tracking'), file(trans, 'eklektik_transactions_tracking')], catalog: expected, structure: structurePort() },
      live,
      '',
    );
    const problems = result.migrations.flatMap((m) => m.problems);
    assert.deepEqual(problems.map((p) => p.kind).sort(), ['file-missing', 'structure-differs', 'table-exists', 'table-missing', 'table-missing']);
    // The status's JSON and the CLI keep their English, word for word.
    const differs = problems.find((p) => p.kind === 'structure-differs')!;
    assert.equal(differs.message, 'The table `transactions_history` differs from its expected structure: 1 difference (column `id` is int, expected bigint unsigned).');
    assert.match(differs.repairHint, /^Repair alters `transactions_history` to its expected structure( \(some changes can lose data: a backup is taken first\))?\.$/);
    const exists = problems.find((p) => p.kind === 'table-exists')!;
    assert.match(exists.repairHint, /^The table differs from what the migration creates \(4 differences \(column `id` is int, expected bigint unsigned; column `transaction_id` .*; column `processed_at` .*, and 1 more\)\): repair can alter it/);
    assert.equal(problems.find((p) => p.kind === 'file-missing')!.message, 'The migrations table records `gone` (batch 2), but no migration file has this name: rolling back batch 2 fails with "Migration not found".');
    const englishFragments = Object.values(catalog).flatMap((t) => t.split(/\{\d+\}/)).map((f) => f.trim()).filter((f) => f.split(/\s+/).length >= 3);
    for (const problem of problems) {
      assert.ok(problem.said, `${problem.kind} carries no message for the editor: ${problem.message}`);
      assert.equal(english(problem.said.message), problem.message);
      assert.equal(english(problem.said.repairHint), problem.repairHint);
      const said = `${frenchRender(problem.said.message)} ${frenchRender(problem.said.repairHint)}`;
      assert.deepEqual(englishFragments.filter((f) => said.includes(f)), [], said);
    }
    assert.equal(frenchRender(differs.said.message), 'La table `transactions_history` diffère de sa structure attendue : 1 différence (la colonne `id` est int, bigint unsigned attendu).');
    assert.match(frenchRender(exists.said.repairHint), /^La table diffère de ce que crée la migration \(4 différences \(.*, et 1 de plus\)\) : la réparation/);
    // The plan's note on a row it does not delete says the status's sentences: in French too.
    const plan = await planRepair({ snapshot: { ...result, connection: { name: 'c', host: 'h', port: 3306, user: 'u', database: 'd', migrationsTable: 'migrations', tablePrefix: '', production: false }, migrationsTable: 'migrations', liveTables: live.liveTables, liveStructures: live.liveStructures } as unknown as StatusSnapshot, catalog: expected, structure: structureSql });
    const notes = plan.notes.map((n) => frenchRender(n.said));
    assert.deepEqual(notes.filter((n) => englishFragments.some((f) => n.includes(f))), [], notes.join('\n'));
  });

  it('why a table\'s expected structure is unknown is said in French, code kept as written, its English unchanged', async () => {
    const frenchRender = (m: CoreMessage): string => fillTemplate(french[catalog[m.id]] as string, renderedArgs(m, frenchRender));
    const file = (name: string, up: string) => parseMigration(`/app/database/migrations/${name}.php`,
      `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n    public function up()\n    {\n        ${up}\n    }\n};\n`);
    const migrations = [
      file('2024_01_01_000000_create_posts', "Schema::create('posts', function (Blueprint $table) { $table->id(); });"),
      file('2024_01_01_000001_create_tags', "Schema::create('tags', function (Blueprint $table) { $table->id(); });"),
      file('2024_01_02_000000_loop', "foreach ($names as $name) { Schema::table('posts', function (Blueprint $table) use ($name) { $table->string($name); }); }"),
      file('2024_01_03_000000_uncreated', "Schema::table('ghosts', function (Blueprint $table) { $table->string('a'); });"),
      file('2024_01_04_000000_locales', "Schema::create('locales', function (Blueprint $table) { $table->string('code'); $table->renameColumn('code', config('app.locale')); });"),
      file('2024_01_04_000001_languages', "Schema::create('languages', function (Blueprint $table) { $table->string(config('app.locale')); });"),
      file('2024_01_05_000000_rename', "Schema::rename('phantoms', 'spirits');"),
      file('2024_01_06_000000_temporary', "Schema::create('scratch', function (Blueprint $table) { $table->temporary(); $table->id(); });"),
      file('2024_01_07_000000_twice', "Schema::create('doubles', function (Blueprint $table) { $table->string('a'); $table->string('a'); });"),
      file('2024_01_08_000000_guarded', "Schema::table('tags', function (Blueprint $table) { if (!Schema::hasColumn('ghosts', 'a')) { $table->string('a'); } });"),
      file('2024_01_09_000000_create_notes', "Schema::create('notes', function (Blueprint $table) { $table->id(); });"),
      file('2024_01_09_000001_raw', "DB::statement($sql);"),
      file('2024_01_10_000000_create_pages', "Schema::create('pages', function (Blueprint $table) { $table->id(); });"),
      file('2024_01_10_000001_variable', "Schema::table($name, function (Blueprint $table) { $table->string('a'); });"),
      file('2024_01_11_000000_closure', "Schema::create('widgets', function (Blueprint $table) { $table->engine = 'InnoDB'; if ($wide) { $table->text('body'); } while ($more) { $table->string('x'); } });"),
    ];
    const modern = translateMigrations(migrations, { tablePrefix: '', laravel: { version: '10.48.0', driver: 'mysql' } });
    const ancient = translateMigrations(migrations.slice(0, 1), { tablePrefix: '', laravel: { version: '5.8.0', driver: 'mysql' } });
    const unknown = [...modern.unknown.values(), ...ancient.unknown.values()];
    // The status's JSON, lint and the CLI keep their English, word for word.
    assert.deepEqual(unknown.map((u) => `${u.name}: ${u.reason}`), [
      "posts: 2024_01_02_000000_loop: `posts` is changed only in a loop",
      'ghosts: 2024_01_03_000000_uncreated changes `ghosts`, which no migration creates',
      "locales: 2024_01_04_000000_locales: `$table->renameColumn('code', …)` is not a literal (config('app.locale'))",
      "languages: 2024_01_04_000001_languages: `$table->string(…)`: the column name is not a literal (config('app.locale'))",
      'spirits: 2024_01_05_000000_rename renames `phantoms`, which no migration creates',
      'scratch: 2024_01_06_000000_temporary: the table is created as a temporary table',
      'doubles: 2024_01_07_000000_twice: column `a` is added twice',
      "tags: 2024_01_08_000000_guarded: Schema::hasColumn('ghosts', 'a') on a table whose structure is unknown",
      'notes: 2024_01_09_000001_raw: raw SQL',
      'pages: 2024_01_10_000001_variable: Schema::table() with a table name that is not a literal',
      'widgets: 2024_01_11_000000_closure: a condition (`$wide`); a loop',
      "posts: 2024_01_01_000000_create_posts: Laravel 5.8.0's schema grammar is not modelled (8.x to 13.x are)",
    ]);
    const englishFragments = Object.values(catalog).flatMap((t) => t.split(/\{\d+\}/)).map((f) => f.trim()).filter((f) => f.split(/\s+/).length >= 3);
    for (const u of unknown) {
      assert.ok(u.said, `${u.name} carries no message for the editor: ${u.reason}`);
      assert.equal(english(u.said), u.reason);
      const said = frenchRender(u.said);
      assert.notEqual(said, u.reason);
      assert.deepEqual(englishFragments.filter((f) => said.includes(f)), [], said);
    }
    // Code is an argument: it stays as written inside the French sentence.
    assert.equal(frenchRender(modern.unknown.get('locales')!.said),
      "2024_01_04_000000_locales : `$table->renameColumn('code', …)` n'est pas un littéral (config('app.locale'))");
    assert.equal(frenchRender(modern.unknown.get('languages')!.said),
      "2024_01_04_000001_languages : `$table->string(…)` : le nom de la colonne n'est pas un littéral (config('app.locale'))");
    // The repair plan's note on an unknown table says why in French.
    const snapshot = {
      connection: { name: 'c', host: 'h', port: 3306, user: 'u', database: 'd', migrationsTable: 'migrations', tablePrefix: '', production: false },
      migrationsTable: 'migrations', liveTables: new Set(['migrations']), liveStructures: new Map(),
    };
    const unknownCatalog = { tables: new Map(), unknown: new Map([['posts', modern.unknown.get('posts')!]]) };
    const status = computeStatus({ migrations: migrations.slice(0, 1), catalog: unknownCatalog, structure: structurePort() },
      { rows: [{ migration: '2024_01_01_000000_create_posts', batch: 1 }], liveTables: new Set(['migrations']), liveStructures: new Map() }, '');
    const plan = await planRepair({ snapshot: { ...status, ...snapshot } as unknown as StatusSnapshot, catalog: unknownCatalog, structure: structureSql });
    const notes = plan.notes.map((n) => frenchRender(n.said));
    assert.ok(notes.some((n) => n.includes("2024_01_02_000000_loop : `posts` n'est modifiée que dans une boucle")), notes.join('\n'));
    assert.deepEqual(notes.filter((n) => englishFragments.some((f) => n.includes(f))), [], notes.join('\n'));
  });

  it('why a repair could not be verified is said in French when the connection error is ours, its English unchanged', async () => {
    const frenchRender = (m: CoreMessage): string => fillTemplate(french[catalog[m.id]] as string, renderedArgs(m, frenchRender));
    const lost = new DatabaseError('connection-lost', message('connection.lost', 'h:3306'), message('connection.lostNext'));
    const result = await verifyApplied([], [], { status: () => Promise.reject(lost), verifyRetryDelaysMs: [] });
    assert.equal(result.unverified, 'The connection to h:3306 was lost. Check that the server is still running, then try again.');
    const cause = (result as { unverifiedSaid?: string | CoreMessage }).unverifiedSaid ?? result.unverified!;
    assert.equal(
      frenchRender(message('report.unverified', cause)),
      "Appliqué, non vérifié : chaque étape a été exécutée, mais l'état n'a pas pu être relu pour le vérifier (La connexion à h:3306 a été perdue. Vérifiez que le serveur tourne toujours, puis réessayez.). Lancez « migration-doctor status » quand le serveur répondra ; rien n'est à restaurer s'il ne montre aucun problème.",
    );
    // Another error is said in its own words, in every language.
    const other = await verifyApplied([], [], { status: () => Promise.reject(new Error('socket hang up')), verifyRetryDelaysMs: [] });
    assert.equal(other.unverified, 'socket hang up');
  });

  it('a counted noun has its singular twin: "1 difference", never "1 differences"', () => {
    const catalogIds = Object.keys(catalog) as MessageId[];
    const templates = [...Object.values(catalog), ...messages.flatMap((m) => (m.text === undefined ? [] : [m.text]))];
    const orphans = templates.filter((t) => countedNouns(t).length > 0 && !hasSingularTwin(t, templates, catalogIds)).filter((t) => !neverOne.has(t));
    assert.deepEqual(orphans, [], 'add the singular form of these, chosen when the count is 1');
    assert.equal(english(message('backup.rowCountOne', 'b.sql', 'users', 2)), "The backup b.sql holds 1 row of 'users', expected 2.");
  });

  it('the counted-noun check sees a count before any plural noun, and its twin', () => {
    assert.deepEqual(countedNouns('Applied {0} of {1} steps: {2}.'), ['{1} steps']);
    assert.deepEqual(countedNouns('Apply {0} repair steps to {1}?'), ['{0} repair steps']);
    assert.deepEqual(countedNouns('{0} is {1} migrations behind {2}'), ['{1} migrations']);
    assert.deepEqual(countedNouns('{0} already exists exactly as it is; {1} of its statements ran; keep {1} as it is'), []);
    assert.equal(hasSingularTwin('Applied {0} of {1} steps: {2}.', ['Applied {0} of 1 step: {1}.'], []), true);
    assert.equal(hasSingularTwin('Restored {0} tables.', ['Restored {0} table.'], []), false);
  });

  it('the CLI counts its nouns through plural(): no "1 rows", no "failure(s)"', () => {
    const sample = cliCounts(join(root, 'src/cli/sample.ts'), 'f(`${n} rows, ${plural(m, "table")} and ${k} failure(s) in ${ms} ms; ${a} is ${b} of ${c} steps`);');
    assert.deepEqual(sample.map((s) => s.split(': ').slice(1).join(': ')), ['${n} rows', '${c} steps', 'failure(s)']);
    const found = sourceFiles('src/cli').flatMap((path) => cliCounts(path, readFileSync(path, 'utf8')));
    assert.deepEqual(found, [], 'say the count with plural(count, noun) from src/cli/plural.ts');
  });

  it('no sentence is filled with an empty part (it leaves a double space)', () => {
    const sample = emptyArguments(join(root, 'src/sample.ts'), "vscode.l10n.t('A. {0}', x ? vscode.l10n.t('B.') : '');\nvscode.l10n.t('A{0}', x ? ' (b)' : '');\nmessage('a.b', x ? 'y' : 'z');");
    assert.equal(sample.length, 1, sample.join('\n'));
    const found = sourceFiles('src').flatMap((path) => emptyArguments(path, readFileSync(path, 'utf8')));
    assert.deepEqual(found, [], 'give the optional part its own message and join the parts that are there');
  });

  it('every %key% of package.json exists in package.nls.json and package.nls.fr.json', () => {
    const manifest = readFileSync(join(root, 'package.json'), 'utf8');
    const keys = [...new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
    assert.ok(keys.length > 0, 'package.json uses no %key%: the scan is broken');
    const english = readJson('package.nls.json');
    const frenchNls = readJson('package.nls.fr.json');
    assert.deepEqual(keys.filter((k) => typeof english[k] !== 'string'), [], 'missing in package.nls.json');
    assert.deepEqual(keys.filter((k) => typeof frenchNls[k] !== 'string'), [], 'missing in package.nls.fr.json');
    assert.deepEqual(Object.keys(english).filter((k) => !(k in frenchNls)), [], 'in package.nls.json but not translated');
  });

  it('French texts use French punctuation (a space before : ; ? !)', () => {
    const frenchNls = readJson('package.nls.fr.json');
    // Only punctuation ending a clause counts: `migrate:status`, URLs and `{0}:{1}` are left alone.
    const tight = /[\p{L}\p{N})»]([:;?!])(?=\s|$)/u;
    const offenders = [...Object.values(french), ...Object.values(frenchNls)]
      .filter((value): value is string => typeof value === 'string')
      .filter((value) => tight.test(value.replace(/`[^`]*`/g, '')));
    assert.deepEqual(offenders, []);
  });
});
