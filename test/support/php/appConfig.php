<?php

// An application's own config/*.php, as its boot loads them (LoadConfiguration: each file's
// array under the file's name), for the migrations that read config('permission.table_names')
// and the like. Loaded into a Laravel that already has a configuration (the fixture app's, or
// the bare migrator's): only what that one lacks is added, so the connection, the migrations
// table and the services the harness sets stay its own. config/database.php is never read: the
// harness's connection is the truth of where the migrations run.
// A file that cannot be loaded here (it calls the app's own code) is left out, as if absent:
// a migration that reads it then fails as it would without it, and is counted as refused.

namespace MigrationDoctorTest;

use ArrayAccess;
use Throwable;

/** @return array<string, array> the files that load, by name; why the others did not, in $skipped. */
function appConfigFiles(string $dir, ?array &$skipped = null): array
{
    $skipped = [];
    $files = glob(rtrim($dir, '/').'/*.php') ?: [];
    sort($files);
    $values = [];
    foreach ($files as $file) {
        $name = basename($file, '.php');
        if ($name === 'database') {
            continue;
        }
        try {
            $value = (static fn (string $path) => require $path)($file);
        } catch (Throwable $error) {
            $skipped[$name] = $error->getMessage();
            continue;
        }
        if (is_array($value)) {
            $values[$name] = $value;
        } else {
            $skipped[$name] = 'not an array';
        }
    }

    return $values;
}

/** The options of a framework config file merged one level deeper (LoadConfiguration::mergeableOptions). */
const MERGEABLE_OPTIONS = [
    'auth' => ['guards', 'providers', 'passwords'],
    'broadcasting' => ['connections'],
    'cache' => ['stores'],
    'database' => ['connections'],
    'filesystems' => ['disks'],
    'logging' => ['channels'],
    'mail' => ['mailers'],
    'queue' => ['connections'],
];

/**
 * Adds to $config (a Config\Repository) the app's values it lacks: whole files, else the files'
 * top-level keys. $baseDir: the framework's own config folder (Laravel 11+), under the app's
 * files as LoadConfiguration merges them.
 */
function mergeAppConfig(ArrayAccess $config, ?string $dir, ?string $baseDir = null): void
{
    $files = $dir !== null ? appConfigFiles($dir) : [];
    $own = $files;
    $base = $baseDir !== null ? appConfigFiles($baseDir) : [];
    foreach ($files as $name => $values) {
        if (!isset($base[$name])) {
            continue;
        }
        $merged = array_merge($base[$name], $values);
        foreach (MERGEABLE_OPTIONS[$name] ?? [] as $option) {
            if (is_array($merged[$option] ?? null) && is_array($base[$name][$option] ?? null)) {
                $merged[$option] = array_merge($base[$name][$option], $merged[$option]);
            }
        }
        $files[$name] = $merged;
    }
    foreach ($files + $base as $name => $values) {
        $present = $config[$name] ?? null;
        if (!is_array($present)) {
            $config[$name] = $values;
            continue;
        }
        foreach ($values as $key => $value) {
            if (!array_key_exists($key, $present)) {
                $config["{$name}.{$key}"] = $value;
            }
        }
    }
    // The app's own aliases, which RegisterFacades registers (config('app.aliases')), where the
    // configuration already had its own list (the fixture's): the fixture's stay, the app's join.
    if (is_array($own['app']['aliases'] ?? null) && is_array($config['app.aliases'] ?? null)) {
        foreach ($own['app']['aliases'] as $alias => $class) {
            if (is_string($alias) && is_string($class) && !array_key_exists($alias, $config['app.aliases'])) {
                $config["app.aliases.{$alias}"] = $class;
            }
        }
    }
}

/** Registers config('app.aliases') lazily, as Foundation's RegisterFacades does with AliasLoader. */
function registerAliases(array $aliases): void
{
    spl_autoload_register(function (string $alias) use ($aliases): void {
        if (is_string($aliases[$alias] ?? null) && class_exists($aliases[$alias])) {
            class_alias($aliases[$alias], $alias);
        }
    });
}

if (class_exists(\Illuminate\Support\ServiceProvider::class)) {
    /**
     * Merges the app named by MD_APP_CONFIG into the fixture app's configuration (Laravel 8.83,
     * through the package manifest); inert without it.
     */
    class AppConfigProvider extends \Illuminate\Support\ServiceProvider
    {
        public function register()
        {
            $dir = getenv('MD_APP_CONFIG');
            if (is_string($dir) && $dir !== '' && is_dir($dir)) {
                $before = $this->app['config']->get('app.aliases', []);
                mergeAppConfig($this->app['config'], $dir);
                // RegisterFacades registered the fixture's list before any provider: the app's join it.
                registerAliases(array_diff_key($this->app['config']->get('app.aliases', []), $before));
            }
        }
    }
}
