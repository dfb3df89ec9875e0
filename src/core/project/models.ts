// The Eloquent models the migrations name in foreignIdFor(): Laravel instantiates the model and
// asks it for its key (getKeyType(), getIncrementing(), getKeyName(), getTable(), the HasUlids
// trait). Each model is found as composer's autoload finds it (the app's composer.json, then the
// installed packages') and read with php-parser for what is certain: literal $table, $primaryKey,
// $keyType, $incrementing, the HasUuids/HasUlids traits, parents and traits followed to Laravel's
// own Model. Anything that may change the key otherwise is said, never guessed. Never imports 'vscode'.
import * as path from 'node:path';
import { parsePhp } from '../analysis/parse';
import { classScopeOf, resolveClassName, type ClassScope } from '../analysis/phpNames';
import { modelClassNamed, type MethodAnalysis } from '../analysis/types';
import { message, type Message } from '../messages/catalog';
import type { TranslateOptions } from '../translate';
import type { ProjectFiles } from './files';
import { classFiles, findFirst } from './packages';

type Node = { kind: string; [key: string]: any };

/** What foreignIdFor() reads of a model, as an instance of it answers. */
export interface ModelKey {
  /** `$table`, when the model sets it (else getTable() derives it from the class name). */
  readonly table?: string;
  /** getKeyName(). */
  readonly keyName: string;
  /** getKeyType() and getIncrementing(), HasUuids/HasUlids applied. */
  readonly keyType: string;
  readonly incrementing: boolean;
  /** The model uses HasUlids (class_uses_recursive). */
  readonly ulids: boolean;
}

export type ModelReading = { readonly key: ModelKey } | { readonly unknown: Message };

/** Each model class named in a foreignIdFor() of the migrations, by its full name. */
export type ModelFacts = Readonly<Record<string, ModelReading>>;

const modelBases = new Set(['Illuminate\\Database\\Eloquent\\Model', 'Illuminate\\Foundation\\Auth\\User']);
const uuidTraits = new Set(['Illuminate\\Database\\Eloquent\\Concerns\\HasUuids', 'Illuminate\\Database\\Eloquent\\Concerns\\HasVersion4Uuids']);
const ulidTrait = 'Illuminate\\Database\\Eloquent\\Concerns\\HasUlids';
/** Laravel's own traits that models use and that leave the key alone (checked in 8.83 and 13: none declares a key property or method). */
const inertTraits = new Set([
  'Illuminate\\Database\\Eloquent\\Factories\\HasFactory', 'Illuminate\\Notifications\\Notifiable', 'Illuminate\\Database\\Eloquent\\SoftDeletes',
  'Illuminate\\Notifications\\HasDatabaseNotifications', 'Illuminate\\Notifications\\RoutesNotifications', 'Illuminate\\Database\\Eloquent\\Prunable',
  'Illuminate\\Database\\Eloquent\\MassPrunable', 'Illuminate\\Auth\\Authenticatable', 'Illuminate\\Auth\\MustVerifyEmail',
  'Illuminate\\Auth\\Passwords\\CanResetPassword', 'Illuminate\\Foundation\\Auth\\Access\\Authorizable',
]);
/** Class attributes of Laravel's that do not touch the key (13 reads Table and WithoutIncrementing, which do). */
const inertAttributes = new Set(['ObservedBy', 'ScopedBy', 'CollectedBy', 'UseFactory', 'UsePolicy', 'UseResource', 'UseResourceCollection', 'UseEloquentBuilder']
  .map((name) => `Illuminate\\Database\\Eloquent\\Attributes\\${name}`));
const keyProperties = new Set(['table', 'primaryKey', 'keyType', 'incrementing']);
/** Methods through which a model (or a trait of it) can answer differently than its properties say. */
const keyMethods = new Set(['__construct', 'gettable', 'getkeyname', 'getkeytype', 'getincrementing', 'getforeignkey', 'uniqueids', 'usesuniqueids', 'initializehasuniquestringids']);

/** The Blueprint methods that instantiate the model they are given: foreignIdFor(), foreignUuidFor() and foreignUlidFor() (13.9+). */
const modelMethods = new Set(['foreignidfor', 'foreignuuidfor', 'foreignulidfor']);

interface Reading {
  readonly properties: Partial<Record<string, string | boolean>>;
  readonly traits: ReadonlySet<string>;
}

type Unknown = { readonly unknown: Message };

/**
 * The full names of the classes this analysed migration names as foreignIdFor()'s model, as the
 * translation looks them up (down() too, when the analysis kept it: a model read in vain costs little,
 * one not read makes the column unknown). Every command learns from this which models to read.
 */
export function modelClassesOf(migration: { readonly up: Pick<MethodAnalysis, 'operations'>; readonly down?: Pick<MethodAnalysis, 'operations'> }): string[] {
  const found: string[] = [];
  for (const method of [migration.up, migration.down]) {
    for (const operation of method?.operations ?? []) {
      for (const statement of operation.blueprint ?? []) {
        for (const call of statement.chain) {
          if (!modelMethods.has(call.method.toLowerCase())) continue;
          const className = modelClassNamed(call.args[0] ?? call.namedArgs?.model);
          if (className !== undefined) found.push(className);
        }
      }
    }
  }
  return found;
}

/** Reads the models `classNames` (the app's composer.json autoload finds them). */
export async function readModelFacts(root: string, classNames: readonly string[], files: ProjectFiles): Promise<ModelFacts> {
  if (classNames.length === 0) return {};
  const reader = new ModelReader(await classFiles(root, files), files);
  const facts: Record<string, ModelReading> = {};
  for (const className of [...new Set(classNames)].sort()) {
    const reading = await reader.read(className, 'class', []);
    facts[className] = 'unknown' in reading ? reading : { key: keyOf(reading) };
  }
  return facts;
}

function keyOf(reading: Reading): ModelKey {
  const p = reading.properties;
  // HasUuids/HasUlids: getKeyType() is 'string' and getIncrementing() false for the key they fill (uniqueIds() is the key).
  const unique = [...reading.traits].some((t) => uuidTraits.has(t) || t === ulidTrait);
  return {
    ...(typeof p.table === 'string' ? { table: p.table } : {}),
    keyName: typeof p.primaryKey === 'string' ? p.primaryKey : 'id',
    keyType: unique ? 'string' : typeof p.keyType === 'string' ? p.keyType : 'int',
    incrementing: unique ? false : typeof p.incrementing === 'boolean' ? p.incrementing : true,
    ulids: reading.traits.has(ulidTrait),
  };
}

class ModelReader {
  /** Each file parsed once (a trait or parent is shared by many models). */
  private readonly parsed = new Map<string, Promise<Node>>();

  constructor(private readonly fileOf: (className: string) => string | undefined, private readonly files: ProjectFiles) {}

  private parse(file: string): Promise<Node> {
    let program = this.parsed.get(file);
    if (!program) this.parsed.set(file, (program = this.files.readText(file).then((source) => parsePhp(file, source) as Node)));
    return program;
  }

  /** The class or trait `className`, with its parents and traits (`within`: the classes being read, outermost first). */
  async read(className: string, kind: 'class' | 'trait', within: readonly string[]): Promise<Reading | Unknown> {
    const model = within[0] ?? className;
    if (within.includes(className)) return { unknown: message('model.notDeclared', model, className) };
    const file = this.fileOf(className);
    if (!file) return { unknown: message('model.notFound', className) };
    let program: Node;
    let scope: ClassScope;
    try {
      program = await this.parse(file);
      scope = classScopeOf(program);
    } catch (error) {
      return { unknown: message('model.unreadable', file, (error as Error).message) };
    }
    const shortName = className.split('\\').pop()!.toLowerCase();
    const declared = findFirst(program, (n) => n.kind === kind && String(n.name?.name ?? '').toLowerCase() === shortName);
    if (!declared || declared.isAbstract) return { unknown: message('model.notDeclared', file, className) };
    const inner = [...within, className];
    for (const group of (declared.attrGroups ?? []) as Node[]) {
      for (const attribute of (group.attrs ?? []) as Node[]) {
        const name = resolveClassName({ kind: 'name', name: attribute.name, resolution: String(attribute.name).startsWith('\\') ? 'fqn' : 'uqn' }, scope);
        if (!inertAttributes.has(name)) return { unknown: message('model.attribute', model, name) };
      }
    }
    let properties: Partial<Record<string, string | boolean>> = {};
    const traits = new Set<string>();
    if (kind === 'class') {
      const parent = declared.extends ? resolveClassName(declared.extends, scope) : undefined;
      if (!parent) return { unknown: message('model.notModel', className) };
      if (!modelBases.has(parent)) {
        if (parent.startsWith('Illuminate\\')) return { unknown: message('model.parent', model, parent) };
        const read = await this.read(parent, 'class', inner);
        if ('unknown' in read) return read;
        properties = { ...read.properties };
        for (const t of read.traits) traits.add(t);
      }
    }
    for (const member of (declared.body ?? []) as Node[]) {
      if (member.kind === 'method' && keyMethods.has(String(member.name?.name ?? '').toLowerCase())) {
        return { unknown: message('model.overrides', model, `${className}::${member.name.name}`) };
      }
      if (member.kind === 'propertystatement') {
        for (const property of (member.properties ?? []) as Node[]) {
          const name = String(property.name?.name ?? property.name ?? '');
          if (!keyProperties.has(name)) continue;
          const value = property.value;
          const literal = member.isStatic ? undefined : value?.kind === 'string' ? String(value.value) : value?.kind === 'boolean' ? Boolean(value.value) : undefined;
          // A trait's key property is not followed: PHP then merges it with the class's own.
          if (literal === undefined || kind === 'trait') return { unknown: message('model.notLiteral', model, `${className}::$${name}`) };
          properties[name] = literal;
        }
      }
      if (member.kind === 'traituse') {
        if ((member.adaptations ?? []).length > 0) return { unknown: message('model.trait', model, className) };
        for (const trait of (member.traits ?? []) as Node[]) {
          const name = resolveClassName(trait, scope);
          traits.add(name);
          if (uuidTraits.has(name) || name === ulidTrait || inertTraits.has(name)) continue;
          if (name.startsWith('Illuminate\\')) return { unknown: message('model.trait', model, name) };
          const read = await this.read(name, 'trait', inner);
          if ('unknown' in read) return read;
          for (const t of read.traits) traits.add(t);
        }
      }
    }
    const unique = [...traits].filter((t) => uuidTraits.has(t) || t === ulidTrait);
    if (unique.length > 1) return { unknown: message('model.trait', model, unique.join(', ')) };
    return { properties, traits };
  }
}

/** Reads the models these classes are (those the migrations name in foreignIdFor()): the project's readModelsNamed. */
export type ModelsReader = (classNames: readonly string[]) => Promise<ModelFacts>;

/**
 * `translate` told the models these analysed migrations name in foreignIdFor(), read by `models`;
 * as it is without a reader. The one way every command learns which models to read: from the
 * analyses, as the translation looks them up.
 */
export function withModelsOf(translate: TranslateOptions, migrations: readonly Parameters<typeof modelClassesOf>[0][], models: ModelsReader | undefined): Promise<TranslateOptions> {
  return withModelsNamed(translate, migrations.flatMap(modelClassesOf), models);
}

/** As {@link withModelsOf}, the class names already gathered (the CLI keeps them with each file's status part). */
export async function withModelsNamed(translate: TranslateOptions, classNames: readonly string[], models: ModelsReader | undefined): Promise<TranslateOptions> {
  return models ? { ...translate, laravel: { ...translate.laravel, models: await models(classNames) } } : translate;
}
