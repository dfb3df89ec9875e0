<?php

// Laravel 11+'s own migrator, run from an extracted copy of the framework's source on Debian's
// PHP without composer: the second oracle next to the fixture app's artisan (Laravel 8.83).
//
// Reads one JSON request on stdin:
//   { "framework": DIR, "command": "migrate"|"status"|"rollback", "paths": [DIR...],
//     "migrationsTable": "migrations", "connection": { "driver": "mysql"|"mariadb", "host", "port",
//     "database", "username", "password", "prefix", "prefix_indexes", "strict" },
//     "appConfig": the app's config folder (optional, see appConfig.php) }
// and writes one JSON answer on file descriptor 3 (stdout when there is none):
//   { "migrations": [names migrated or rolled back], "status": [{name, ran, batch}] (status only),
//     "error": { "code": server error number|null, "sqlState", "message", "migration" } (on failure) }
// Exit code: 0 done, 1 Laravel or the server refused (the answer says why), 2 bad request.

error_reporting(E_ALL);

function answer(array $data, int $code): void
{
    // The answer has a channel of its own (fd 3): a migration may print on stdout through
    // anything (echo, Symfony's ConsoleOutput writing to php://stdout), which is not the answer.
    $channel = @fopen('php://fd/3', 'w');
    fwrite($channel ?: STDOUT, json_encode($data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
    exit($code);
}

function badRequest(string $message): void
{
    answer(['error' => ['code' => null, 'sqlState' => null, 'message' => $message, 'migration' => null]], 2);
}

$request = json_decode(stream_get_contents(STDIN), true);
if (!is_array($request) || !is_string($request['framework'] ?? null) || !is_array($request['connection'] ?? null)) {
    badRequest('Expected a JSON request with framework, command, paths and connection.');
}
$framework = rtrim($request['framework'], '/');
$command = $request['command'] ?? '';
$paths = array_values(array_filter($request['paths'] ?? [], 'is_string'));
if (!in_array($command, ['migrate', 'status', 'rollback'], true)) {
    badRequest("Unknown command '{$command}'.");
}

require __DIR__.'/bootstrap.php';
loadFramework($framework);

use Illuminate\Container\Container;
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Database\Migrations\DatabaseMigrationRepository;
use Illuminate\Database\Migrations\Migrator;
use Illuminate\Events\Dispatcher;
use Illuminate\Filesystem\Filesystem;
use Illuminate\Hashing\HashManager;
use Illuminate\Support\Facades\Facade;

require __DIR__.'/helpers.php';
require __DIR__.'/appConfig.php';

// The app's folder holds its config/ (the request's appConfig), else none: the paths only name it.
$appConfig = is_string($request['appConfig'] ?? null) && is_dir($request['appConfig']) ? $request['appConfig'] : null;
$container = new MigrationDoctorTest\AppContainer($appConfig !== null ? dirname($appConfig) : getcwd());
Container::setInstance($container);
$container->instance('app', $container);
$container->instance(Container::class, $container);
// The application's configuration, read with dots (Capsule would otherwise bind a Fluent).
$container->instance('config', new Illuminate\Config\Repository());

$settings = $request['connection'];
$capsule = new Capsule($container);
$connection = fn (string $database) => [
    'driver' => $settings['driver'] ?? 'mysql',
    'host' => $settings['host'] ?? '127.0.0.1',
    'port' => (string) ($settings['port'] ?? '3306'),
    'database' => $database,
    'username' => $settings['username'] ?? 'root',
    'password' => $settings['password'] ?? '',
    'unix_socket' => '',
    'charset' => 'utf8mb4',
    'collation' => 'utf8mb4_unicode_ci',
    'prefix' => $settings['prefix'] ?? '',
    'prefix_indexes' => $settings['prefix_indexes'] ?? true,
    'strict' => $settings['strict'] ?? true,
    'engine' => null,
];
// The default connection's name: 'default' unless the request names it as an app's config does ('mysql').
$defaultName = is_string($request['defaultConnection'] ?? null) ? $request['defaultConnection'] : 'default';
$capsule->addConnection($connection($settings['database'] ?? ''), $defaultName);
$capsule->getDatabaseManager()->setDefaultConnection($defaultName);
// Further connections on the same server (`protected $connection = 'other'`), by name: their database.
foreach (is_array($request['otherConnections'] ?? null) ? $request['otherConnections'] : [] as $name => $database) {
    $capsule->addConnection($connection((string) $database), (string) $name);
}
$events = new Dispatcher($container);
$capsule->setEventDispatcher($events);
$capsule->setAsGlobal();
$capsule->bootEloquent();

$db = $capsule->getDatabaseManager();
$table = is_string($request['migrationsTable'] ?? null) ? $request['migrationsTable'] : 'migrations';
$container->instance('db', $db);
$container->bind('db.connection', fn () => $db->connection());
$container->bind('db.schema', fn () => $db->connection()->getSchemaBuilder());
$container->instance('files', $files = new Filesystem());
$container->instance('events', $events);
$container['config']['database.migrations'] = $table;
$container['config']['database.default'] = $defaultName;
// The framework's own config files (the extracted tag's config/, 11+), with the app's over them.
MigrationDoctorTest\mergeAppConfig($container['config'], $appConfig, is_dir($framework.'/config') ? $framework.'/config' : null);
// What DetectEnvironment sets from the configuration.
$container->instance('env', $container['config']->get('app.env', 'production'));
// Laravel's Logger over a logger that keeps nothing: the fixture's artisan logs to no channel either.
if (class_exists(Illuminate\Log\Logger::class)) {
    $container->instance('log', new Illuminate\Log\Logger(new Psr\Log\NullLogger(), $events));
}
Facade::setFacadeApplication($container);

// What an application's bootstrap gives every migration: the root aliases of config/app.php
// (Schema, DB, Hash... and the app's own), loaded lazily as Foundation's AliasLoader does, and Hash itself.
$aliases = $container['config']->get('app.aliases');
MigrationDoctorTest\registerAliases(is_array($aliases) ? $aliases : Facade::defaultAliases()->all());
if (class_exists(HashManager::class)) {
    $container->singleton('hash', fn ($app) => new HashManager($app));
}

// The realApps harness's record of what a refused migration wrote (see writeLog.php).
require __DIR__.'/writeLog.php';
if (is_string(getenv('MD_WRITE_LOG')) && getenv('MD_WRITE_LOG') !== '') {
    MigrationDoctorTest\recordWrites($events, fn () => $db->connection(), getenv('MD_WRITE_LOG'));
}

$repository = new DatabaseMigrationRepository($db, $table);
$migrator = new Migrator($repository, $db, $files, $events);

/** Names in Laravel's own order: the migrator sorts every file of every folder by name. */
function fileNames(Migrator $migrator, array $paths): array
{
    return array_keys($migrator->getMigrationFiles($paths));
}

/** Latest first, the order in which Laravel rolls back. */
function rolledBack(array $before, array $after): array
{
    return array_reverse(array_values(array_diff($before, $after)));
}

/**
 * The pending migration whose file the error came from. Laravel requires every pending file
 * before it runs the first one, so an error while a later file loads (its base class or trait
 * missing) is not the first pending migration's: the error's own file, or the nearest frame of
 * its trace in a migration file (the up() a query failed in), names the one to blame.
 */
function failedMigration(Migrator $migrator, array $paths, Throwable $error, array $pending): ?string
{
    $byPath = [];
    foreach ($migrator->getMigrationFiles($paths) as $name => $path) {
        $real = realpath($path);
        if ($real !== false && in_array($name, $pending, true)) {
            $byPath[$real] = $name;
        }
    }
    $files = [$error->getFile(), ...array_map(fn ($frame) => $frame['file'] ?? '', $error->getTrace())];
    foreach ($files as $file) {
        $real = $file === '' ? false : realpath($file);
        if ($real !== false && isset($byPath[$real])) {
            return $byPath[$real];
        }
    }
    return null;
}

$before = [];
try {
    if ($command === 'status') {
        if (!$migrator->repositoryExists()) {
            answer(['migrations' => [], 'error' => ['code' => null, 'sqlState' => null, 'message' => 'Migration table not found.', 'migration' => null]], 1);
        }
        $ran = $repository->getRan();
        $batches = $repository->getMigrationBatches();
        $status = array_map(fn ($name) => [
            'name' => $name,
            'ran' => in_array($name, $ran, true),
            'batch' => isset($batches[$name]) ? (int) $batches[$name] : null,
        ], fileNames($migrator, $paths));
        answer(['migrations' => [], 'status' => $status], 0);
    }
    if ($command === 'migrate') {
        if (!$migrator->repositoryExists()) {
            $repository->createRepository();
        }
        $before = $repository->getRan();
        $migrator->run($paths);
        answer(['migrations' => array_values(array_diff($repository->getRan(), $before))], 0);
    }
    $before = $repository->getRan();
    $migrator->rollback($paths);
    answer(['migrations' => rolledBack($before, $repository->getRan())], 0);
} catch (Throwable $error) {
    $pdo = $error instanceof PDOException ? $error : ($error->getPrevious() instanceof PDOException ? $error->getPrevious() : null);
    $done = [];
    $failed = null;
    try {
        $after = $migrator->repositoryExists() ? $repository->getRan() : [];
        $done = $command === 'rollback' ? rolledBack($before, $after) : array_values(array_diff($after, $before));
        if ($command === 'migrate') {
            $pending = array_values(array_diff(fileNames($migrator, $paths), $after));
            $failed = failedMigration($migrator, $paths, $error, $pending) ?? $pending[0] ?? null;
        }
    } catch (Throwable $ignored) {
        // The server went away: what ran is unknown, the error below says why.
    }
    answer(['migrations' => $done, 'error' => [
        'code' => $pdo !== null && isset($pdo->errorInfo[1]) ? (int) $pdo->errorInfo[1] : null,
        'sqlState' => $pdo !== null ? ($pdo->errorInfo[0] ?? (string) $pdo->getCode()) : null,
        'message' => $error->getMessage(),
        'migration' => $failed,
    ]], 1);
}
