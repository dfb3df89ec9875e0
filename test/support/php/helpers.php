<?php

// The few global helpers of Foundation (not extracted: it is the whole application) that
// migrations call, over the bare migrator's container. config() answers what the container
// holds (the app's own config files when the request names them, see appConfig.php), else the
// caller's default.

namespace MigrationDoctorTest {
    use Illuminate\Container\Container;
    use Illuminate\Support\Str;

    /**
     * What Foundation's Application adds to the container that migrations reach for through
     * app() and the App facade: the environment (config('app.env', 'production'), as
     * DetectEnvironment reads it), the locale and the app's paths. Each method is Application's.
     */
    class AppContainer extends Container
    {
        public function __construct(private string $basePath)
        {
        }

        public function environment(...$environments)
        {
            if (count($environments) > 0) {
                $patterns = is_array($environments[0]) ? $environments[0] : $environments;

                return Str::is($patterns, $this['env']);
            }

            return $this['env'];
        }

        public function isLocal()
        {
            return $this['env'] === 'local';
        }

        public function isProduction()
        {
            return $this['env'] === 'production';
        }

        public function runningUnitTests()
        {
            return $this->bound('env') && $this['env'] === 'testing';
        }

        /** `php artisan migrate` runs in the console. */
        public function runningInConsole()
        {
            return true;
        }

        public function getLocale()
        {
            return $this['config']->get('app.locale');
        }

        public function currentLocale()
        {
            return $this->getLocale();
        }

        public function basePath($path = '')
        {
            return $this->joinPaths($this->basePath, $path);
        }

        public function configPath($path = '')
        {
            return $this->joinPaths($this->basePath.DIRECTORY_SEPARATOR.'config', $path);
        }

        public function databasePath($path = '')
        {
            return $this->joinPaths($this->basePath.DIRECTORY_SEPARATOR.'database', $path);
        }

        public function storagePath($path = '')
        {
            return $this->joinPaths($this->basePath.DIRECTORY_SEPARATOR.'storage', $path);
        }

        public function publicPath($path = '')
        {
            return $this->joinPaths($this->basePath.DIRECTORY_SEPARATOR.'public', $path);
        }

        public function resourcePath($path = '')
        {
            return $this->joinPaths($this->basePath.DIRECTORY_SEPARATOR.'resources', $path);
        }

        public function joinPaths($basePath, $path = '')
        {
            return $basePath.($path != '' ? DIRECTORY_SEPARATOR.ltrim($path, DIRECTORY_SEPARATOR) : '');
        }
    }
}

namespace {

use Illuminate\Container\Container;
use Illuminate\Support\Carbon;

if (!function_exists('app')) {
    function app($abstract = null, array $parameters = [])
    {
        return $abstract === null ? Container::getInstance() : Container::getInstance()->make($abstract, $parameters);
    }
}

if (!function_exists('config')) {
    function config($key = null, $default = null)
    {
        $config = Container::getInstance()->make('config');
        if ($key === null) {
            return $config;
        }
        if (is_array($key)) {
            foreach ($key as $name => $value) {
                $config[$name] = $value;
            }

            return null;
        }

        return $config[$key] ?? value($default);
    }
}

if (!function_exists('bcrypt')) {
    function bcrypt($value, array $options = [])
    {
        return app('hash')->driver('bcrypt')->make($value, $options);
    }
}

if (!function_exists('now')) {
    function now($tz = null)
    {
        return Carbon::now($tz);
    }
}

// No application's language files here: the key itself, as Laravel's translator answers a missing line.
if (!function_exists('trans')) {
    function trans($key = null, $replace = [], $locale = null)
    {
        return $key;
    }
}

if (!function_exists('__')) {
    function __($key = null, $replace = [], $locale = null)
    {
        return $key;
    }
}

if (!function_exists('today')) {
    function today($tz = null)
    {
        return Carbon::today($tz);
    }
}

if (!function_exists('logger')) {
    function logger($message = null, array $context = [])
    {
        if ($message === null) {
            return app('log');
        }

        return app('log')->debug($message, $context);
    }
}

if (!function_exists('info')) {
    function info($message, $context = [])
    {
        app('log')->info($message, $context);
    }
}

if (!function_exists('base_path')) {
    function base_path($path = '')
    {
        return app()->basePath($path);
    }
}

if (!function_exists('config_path')) {
    function config_path($path = '')
    {
        return app()->configPath($path);
    }
}

if (!function_exists('database_path')) {
    function database_path($path = '')
    {
        return app()->databasePath($path);
    }
}

if (!function_exists('storage_path')) {
    function storage_path($path = '')
    {
        return app()->storagePath($path);
    }
}

if (!function_exists('public_path')) {
    function public_path($path = '')
    {
        return app()->publicPath($path);
    }
}

if (!function_exists('resource_path')) {
    function resource_path($path = '')
    {
        return app()->resourcePath($path);
    }
}

}
