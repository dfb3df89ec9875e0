<?php

// Loads an extracted copy of the framework's source (src/Illuminate/<Dir> + composer.json) the
// way composer's autoloader would, with Debian's packages for its few outside dependencies.

function loadFramework(string $root): void
{
    $composer = json_decode((string) @file_get_contents($root.'/composer.json'), true);
    if (!is_array($composer) || !is_array($composer['autoload']['psr-4'] ?? null)) {
        throw new RuntimeException("No framework composer.json under {$root}.");
    }

    // Longest namespace prefix first, as composer does, so Illuminate\Support\ wins over Illuminate\.
    $prefixes = [];
    foreach ($composer['autoload']['psr-4'] as $prefix => $dirs) {
        $prefixes[$prefix] = array_map(fn ($dir) => $root.'/'.rtrim($dir, '/').'/', (array) $dirs);
    }
    uksort($prefixes, fn ($a, $b) => strlen($b) <=> strlen($a));

    // Prepended, so that nothing else on the include path answers for Illuminate\ first.
    spl_autoload_register(function (string $class) use ($prefixes): void {
        foreach ($prefixes as $prefix => $dirs) {
            if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
                continue;
            }
            $relative = str_replace('\\', '/', substr($class, strlen($prefix))).'.php';
            foreach ($dirs as $dir) {
                if (is_file($dir.$relative)) {
                    require $dir.$relative;

                    return;
                }
            }
        }
    }, true, true);

    definePhp84ArrayFunctions();
    definePhp84MbFunctions();
    // Laravel 13's orderBy() (and oldest(), latest(), chunkById() ...) defaults to PHP 8.6's SortDirection.
    spl_autoload_register(function (string $class): void {
        if ($class === 'SortDirection') {
            require __DIR__.'/SortDirection.php';
        }
    });

    // Only what the extracted directories hold: Foundation and Log helpers are not part of it.
    foreach ($composer['autoload']['files'] ?? [] as $file) {
        if (is_file($root.'/'.$file)) {
            require_once $root.'/'.$file;
        }
    }

    // Debian's copies of the framework's outside dependencies (installed with php-laravel-framework);
    // never Debian's Illuminate/autoload.php, which would mix two framework versions in one process.
    // Dotenv and PhpOption: env() reads through them (Support\Env); Psr/Log: the `log` binding's interface.
    foreach (['Psr/Container', 'Psr/Log', 'Doctrine/Inflector', 'voku/helper', 'Carbon', 'PhpOption', 'Dotenv'] as $library) {
        if (is_file("/usr/share/php/{$library}/autoload.php")) {
            require_once "/usr/share/php/{$library}/autoload.php";
        }
    }
}

// Laravel 12 and 13 call PHP 8.4's array functions; Debian's PHP 8.2 and its symfony polyfills lack them.
function definePhp84ArrayFunctions(): void
{
    if (!function_exists('array_find')) {
        function array_find(array $array, callable $callback): mixed
        {
            foreach ($array as $key => $value) {
                if ($callback($value, $key)) {
                    return $value;
                }
            }

            return null;
        }
    }
    if (!function_exists('array_find_key')) {
        function array_find_key(array $array, callable $callback): mixed
        {
            foreach ($array as $key => $value) {
                if ($callback($value, $key)) {
                    return $key;
                }
            }

            return null;
        }
    }
    if (!function_exists('array_any')) {
        function array_any(array $array, callable $callback): bool
        {
            return array_find_key($array, $callback) !== null;
        }
    }
    if (!function_exists('array_all')) {
        function array_all(array $array, callable $callback): bool
        {
            foreach ($array as $key => $value) {
                if (!$callback($value, $key)) {
                    return false;
                }
            }

            return true;
        }
    }
    if (!function_exists('array_first')) {
        function array_first(array $array): mixed
        {
            return $array === [] ? null : $array[array_key_first($array)];
        }
    }
    if (!function_exists('array_last')) {
        function array_last(array $array): mixed
        {
            return $array === [] ? null : $array[array_key_last($array)];
        }
    }
}

// Laravel 13's Str::ucfirst() and Str::lcfirst() (used by studly(), camel() ...) call PHP 8.4's
// mb_ucfirst() and mb_lcfirst() unguarded; PHP 8.4 titlecases, or lowercases, the first character.
function definePhp84MbFunctions(): void
{
    if (!function_exists('mb_ucfirst')) {
        function mb_ucfirst(string $string, ?string $encoding = null): string
        {
            $encoding ??= mb_internal_encoding();

            return mb_convert_case(mb_substr($string, 0, 1, $encoding), MB_CASE_TITLE, $encoding).mb_substr($string, 1, null, $encoding);
        }
    }
    if (!function_exists('mb_lcfirst')) {
        function mb_lcfirst(string $string, ?string $encoding = null): string
        {
            $encoding ??= mb_internal_encoding();

            return mb_convert_case(mb_substr($string, 0, 1, $encoding), MB_CASE_LOWER, $encoding).mb_substr($string, 1, null, $encoding);
        }
    }
}
