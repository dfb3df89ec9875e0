<?php

// What a refused migration wrote before it failed, for the realApps harness
// (test/support/realApps.ts): MySQL's DDL is not transactional, so a create followed by a failing
// alter keeps the table, and the harness may go on from that database without the refused file
// only when that file left nothing behind (or only tables of its own, which it drops).
//
// When MD_WRITE_LOG names a file, the statements the default connection ran since the last
// migration started or ended (Laravel's QueryExecuted events: the successful ones), and the
// server's own count of the statements that session was sent meanwhile (its Com_* status
// counters, failed statements and ones sent past Laravel's events included), are written there
// as JSON at the end of the process:
//   { "statements": [sql...], "commands": { "Com_alter_table": n, ... } }
// The two counts side by side are the proof that no write went unseen.
//
// Loaded by migrator.php (Laravel 11+) and by the services manifest of the 8.83 fixture app.

namespace MigrationDoctorTest;

use Illuminate\Contracts\Events\Dispatcher;
use Illuminate\Database\Events\MigrationEnded;
use Illuminate\Database\Events\MigrationStarted;
use Illuminate\Database\Events\QueryExecuted;
use Illuminate\Support\ServiceProvider;
use PDO;

/** @return array<string, int> */
function sessionCommands(PDO $pdo): array
{
    $counts = [];
    foreach ($pdo->query("SHOW SESSION STATUS LIKE 'Com\\_%'")->fetchAll(PDO::FETCH_NUM) as [$name, $value]) {
        $counts[$name] = (int) $value;
    }
    return $counts;
}

/** $connection gives the default connection (Illuminate\Database\Connection) when called. */
function recordWrites(Dispatcher $events, callable $connection, string $logFile): void
{
    $statements = [];
    $since = null;
    // Never in the way of the migration: counters that cannot be read make the log say so, and
    // the harness then takes the slow way (a fresh database).
    $commands = function () use ($connection): ?array {
        try {
            return sessionCommands($connection()->getPdo());
        } catch (\Throwable $error) {
            return null;
        }
    };
    $boundary = function () use (&$statements, &$since, $commands): void {
        $statements = [];
        $since = $commands();
    };
    $boundary();
    $events->listen(MigrationStarted::class, $boundary);
    $events->listen(MigrationEnded::class, $boundary);
    $events->listen(QueryExecuted::class, function (QueryExecuted $query) use (&$statements, $connection): void {
        if ($query->connectionName === $connection()->getName()) {
            $statements[] = $query->sql;
        }
    });
    register_shutdown_function(function () use (&$statements, &$since, $commands, $logFile): void {
        $now = $commands();
        $delta = null;
        if ($since !== null && $now !== null) {
            $delta = [];
            foreach ($now as $name => $value) {
                if ($value !== ($since[$name] ?? 0)) {
                    $delta[$name] = $value - ($since[$name] ?? 0);
                }
            }
        }
        file_put_contents($logFile, json_encode(['statements' => $statements, 'commands' => $delta], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
    });
}

if (class_exists(ServiceProvider::class)) {
    /** The 8.83 fixture app's way in: listed as a package provider by the harness's services manifest. */
    class WriteLogProvider extends ServiceProvider
    {
        public function boot(): void
        {
            $logFile = getenv('MD_WRITE_LOG');
            if (is_string($logFile) && $logFile !== '') {
                $db = $this->app['db'];
                recordWrites($this->app['events'], fn () => $db->connection(), $logFile);
            }
        }
    }
}
