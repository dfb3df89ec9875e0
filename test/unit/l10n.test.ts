// Every user-facing string has its French translation: each vscode.l10n.t(...) message in
// src has an entry in l10n/bundle.l10n.fr.json, and each %key% of package.json exists in
// package.nls.json and package.nls.fr.json. Messages are read with the TypeScript parser,
// since a message VS Code cannot look up (built at run time) can never be translated.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { catalog, message } from '../../src/core/messages/catalog';
import { renderPlanSql } from '../../src/core/repair/preview';
import type { RepairPlan } from '../../src/core/repair/types';

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
