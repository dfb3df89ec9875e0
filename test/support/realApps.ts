// Public Laravel applications as test material: their migration histories are read from a
// local mirror at test time (never copied into this repository), run by the real Laravel
// into MariaDB, and the product's status and repair plan are checked against the result.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from './laravel';

export interface RealApp {
  /** owner/name on GitHub. */
  readonly repo: string;
  /** The commit whose migrations are used (pinned, so the suite is reproducible). */
  readonly commit: string;
  /** The Laravel version in that commit's composer.lock, for the record. */
  readonly laravel: string;
  /** The migrations folder inside the repository. */
  readonly folder: string;
  /**
   * Further migrations folders of the same history (a package's or module's, loaded by the app
   * with loadMigrationsFrom): their files join the folder's, as Laravel sorts the files of every
   * path together by name.
   */
  readonly moreFolders?: readonly string[];
  /**
   * The app's config folder (default `config`), whose plain files Laravel is given as the app's
   * boot loads them (test/support/php/appConfig.php); a commit without it gives none.
   */
  readonly configFolder?: string;
  /** Files (names without `.php`) that cannot run outside the app, each with why. */
  readonly setAside: Readonly<Record<string, string>>;
  /**
   * Set when the history is run by Laravel 12 too: the further files that cannot run there
   * (APIs Laravel 12 removed, helpers its bare migrator does not have), each with why.
   */
  readonly laravel12?: { readonly setAside: Readonly<Record<string, string>> };
  /** The further files that only the runs with the mariadb driver cannot run (12-mariadb, 13-mariadb), each with why. */
  readonly mariadb?: { readonly setAside: Readonly<Record<string, string>> };
  /** The further files that only Laravel 8.83 cannot run (APIs that came later, doctrine/dbal's refusals), each with why. */
  readonly laravel883?: { readonly setAside: Readonly<Record<string, string>> };
  /** A bare git directory other than the mirror's (an app not in apps.ts). */
  readonly gitDir?: string;
  /**
   * Set for an app not in apps.ts: no file is set aside by hand; each one Laravel cannot run is
   * found by running it (see setAsideByRunning in the suite), with Laravel's error as the reason.
   */
  readonly automatic?: true;
}

interface ExtraAppEntry {
  readonly repo?: unknown;
  readonly mirror?: unknown;
  readonly commit?: unknown;
  readonly folder?: unknown;
  readonly folders?: unknown;
  readonly config?: unknown;
  readonly setAside?: unknown;
}

/**
 * The apps of MD_REAL_APPS_EXTRA: a JSON array of { repo, mirror?, commit?, folder?, folders?, config?, setAside? }
 * (mirror: a bare git directory, default the fetch mirror of repo; commit: default HEAD, resolved
 * once so every oracle runs the same files; folder: default database/migrations; folders: further
 * folders whose migrations join the folder's; config: the app's config folder, default config;
 * setAside: files set aside before the run, { name: why }, as in apps.ts).
 */
export function extraApps(file: string, env: NodeJS.ProcessEnv = process.env): RealApp[] {
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as ExtraAppEntry[];
  if (!Array.isArray(entries)) throw new Error(`${file}: expected a JSON array of { repo, mirror?, commit?, folder?, setAside? }`);
  return entries.map((entry, i) => {
    const text = (value: unknown, name: string, fallback?: string): string => {
      if (value === undefined && fallback !== undefined) return fallback;
      if (typeof value !== 'string' || value === '') throw new Error(`${file}: entry ${i} needs a string ${name}`);
      return value;
    };
    const repo = text(entry.repo, 'repo');
    const gitDir = entry.mirror === undefined ? mirrorOf({ repo } as RealApp, env) : text(entry.mirror, 'mirror');
    const wanted = text(entry.commit, 'commit', 'HEAD');
    let commit = wanted;
    try {
      // `--end-of-options`: a commit from the file is never read as an option of git.
      commit = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', '--verify', '--end-of-options', `${wanted}^{commit}`], { encoding: 'utf8' }).trim();
    } catch {
      // mirrorProblem says why when the suite reaches this app.
    }
    const setAside = entry.setAside ?? {};
    if (typeof setAside !== 'object' || setAside === null || Object.values(setAside).some((why) => typeof why !== 'string')) {
      throw new Error(`${file}: entry ${i}'s setAside must be { name: why }`);
    }
    const folders = entry.folders ?? [];
    if (!Array.isArray(folders) || folders.some((folder) => typeof folder !== 'string' || folder === '')) {
      throw new Error(`${file}: entry ${i}'s folders must be an array of folder names`);
    }
    return {
      repo,
      commit,
      laravel: 'unknown',
      folder: text(entry.folder, 'folder', 'database/migrations'),
      moreFolders: folders as string[],
      configFolder: text(entry.config, 'config', 'config'),
      setAside: setAside as Record<string, string>,
      gitDir,
      automatic: true,
    };
  });
}


/** Where `fetch github:owner/name` puts its bare git directories. */
export function mirrorRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.MD_MIRROR_DIR ?? '/work/.mirror';
}

export function mirrorOf(app: RealApp, env: NodeJS.ProcessEnv = process.env): string {
  if (app.gitDir !== undefined) return app.gitDir;
  return path.join(mirrorRoot(env), app.repo.replace('/', '+'), 'repo');
}

/** Why the app's mirror cannot be used, or undefined when it holds the pinned commit. */
export function mirrorProblem(app: RealApp, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = mirrorOf(app, env);
  const fetchHint = `bring it with \`fetch github:${app.repo}\` (into MD_MIRROR_DIR, default /work/.mirror)`;
  if (!fs.existsSync(dir)) return `no mirror of ${app.repo} at ${dir}: ${fetchHint}`;
  try {
    execFileSync('git', ['--git-dir', dir, 'cat-file', '-e', '--end-of-options', `${app.commit}^{commit}`], { stdio: 'ignore' });
  } catch {
    return `the mirror of ${app.repo} at ${dir} lacks commit ${app.commit}: ${fetchHint} again`;
  }
  return undefined;
}

export interface ExtractedMigrations {
  /** A folder holding the migrations Laravel runs (the set-aside files removed). */
  readonly dir: string;
  /** Names (without `.php`) of the files in `dir`, sorted. */
  readonly names: readonly string[];
  /** Set-aside names that are no longer in the folder at the pinned commit (a stale list). */
  readonly staleSetAside: readonly string[];
  remove(): void;
}

/**
 * `git archive` of the pinned commit's migrations folder into a temporary folder, without the
 * set-aside files (the app's, and `alsoAside`).
 */
export function extractMigrations(app: RealApp, alsoAside: Readonly<Record<string, string>> = {}, env: NodeJS.ProcessEnv = process.env): ExtractedMigrations {
  const setAside = { ...app.setAside, ...alsoAside };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-realapp-'));
  const remove = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    const source = path.join(root, 'source');
    fs.mkdirSync(source);
    for (const folder of [app.folder, ...(app.moreFolders ?? [])]) {
      // The folder's own tree, not the commit filtered by path: a snapshot may lack large
      // files elsewhere in the commit, and a path filter still makes git read the whole tree.
      const archive = execFileSync('git', ['--git-dir', mirrorOf(app, env), 'archive', `${app.commit}:${folder}`], {
        maxBuffer: 256 * 1024 * 1024,
      });
      // `--keep-old-files`: two folders holding the same name fail loudly, not one silently.
      execFileSync('tar', ['-x', '--keep-old-files', '-C', source], { input: archive });
    }
    const dir = path.join(root, 'migrations');
    fs.mkdirSync(dir);
    const present = new Set<string>();
    for (const file of fs.readdirSync(source)) {
      // Laravel runs only the folder's own *.php files, but they may require files beside them
      // (Lychee's TemporaryModels/): everything else comes along as it is.
      if (!file.endsWith('.php') || fs.statSync(path.join(source, file)).isDirectory()) {
        fs.renameSync(path.join(source, file), path.join(dir, file));
        continue;
      }
      // Laravel's own name of the file (Migrator::getMigrationName removes every '.php', so
      // `x.php.php` is recorded as `x`), the name the migrations table holds.
      const name = file.replaceAll('.php', '');
      present.add(name);
      if (!(name in setAside)) fs.copyFileSync(path.join(source, file), path.join(dir, file));
    }
    fs.rmSync(source, { recursive: true, force: true });
    return {
      dir,
      names: [...present].filter((name) => !(name in setAside)).sort(),
      staleSetAside: Object.keys(setAside).filter((name) => !present.has(name)),
      remove,
    };
  } catch (error) {
    remove();
    throw error;
  }
}

/**
 * `git archive` of the pinned commit's config folder into a temporary folder named `config`
 * (its parent stands for the app's base path), or undefined when the commit has none.
 */
export function extractAppConfig(app: RealApp, env: NodeJS.ProcessEnv = process.env): { readonly dir: string; remove(): void } | undefined {
  const folder = app.configFolder ?? 'config';
  let archive: Buffer;
  try {
    archive = execFileSync('git', ['--git-dir', mirrorOf(app, env), 'archive', `${app.commit}:${folder}`], { maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-realapp-config-'));
  const dir = path.join(root, 'config');
  fs.mkdirSync(dir);
  const remove = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, remove };
}

let servicesManifest: string | undefined;
const writeLogScript = path.join(repoRoot, 'test', 'support', 'php', 'writeLog.php');
const appConfigScript = path.join(repoRoot, 'test', 'support', 'php', 'appConfig.php');

/**
 * Environment for the fixture's artisan that also registers Laravel's own encryption, hash and
 * translation services, as every real application has them (its migrations seed users, encrypt
 * tokens and translate labels).
 * Given through the package manifest, the way a package's providers are found, so the
 * fixture's configuration stays the demo's.
 */
export function appServicesEnv(): NodeJS.ProcessEnv {
  if (!servicesManifest) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-realapp-services-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    servicesManifest = path.join(dir, 'packages.php');
    const providers = [
      'Illuminate\\Encryption\\EncryptionServiceProvider',
      'Illuminate\\Hashing\\HashServiceProvider',
      'Illuminate\\Translation\\TranslationServiceProvider',
      // Inert unless MD_WRITE_LOG is set (see writeLog.php).
      'MigrationDoctorTest\\WriteLogProvider',
      // Inert unless MD_APP_CONFIG names an app's config folder (see appConfig.php).
      'MigrationDoctorTest\\AppConfigProvider',
    ];
    const requireOnce = (script: string) => `require_once '${script.replace(/[\\']/g, '\\$&')}';`;
    fs.writeFileSync(
      servicesManifest,
      `<?php ${requireOnce(writeLogScript)} ${requireOnce(appConfigScript)}\n` +
        `return ['laravel/framework' => ['providers' => [${providers.map((p) => `'${p.replace(/\\/g, '\\\\')}'`).join(', ')}]]];\n`,
    );
  }
  return { APP_PACKAGES_CACHE: servicesManifest };
}
