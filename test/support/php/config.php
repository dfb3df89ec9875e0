<?php

// Laravel 11+'s reading of an app's config/database.php, as the framework boots it
// (LoadEnvironmentVariables, then LoadConfiguration): the app's .env through phpdotenv into
// Env's repository (the environment wins), then the file, whose env() calls read that repository.
// Arguments: the extracted framework, the app's folder. Writes the default connection's driver
// as JSON on stdout.

error_reporting(E_ALL);
require __DIR__.'/bootstrap.php';
loadFramework($argv[1]);
// Debian's phpdotenv (installed with php-laravel-framework), the library Laravel's Env reads with.
require_once '/usr/share/php/Dotenv/autoload.php';

Dotenv\Dotenv::create(Illuminate\Support\Env::getRepository(), $argv[2])->safeLoad();
$config = require $argv[2].'/config/database.php';
echo json_encode(['driver' => $config['connections'][$config['default']]['driver'] ?? null]), "\n";
