<?php

// The few global helpers of Foundation (not extracted: it is the whole application) that
// migrations call, over the bare migrator's container. An application's own config files are
// not here: config() answers what the container holds, else the caller's default.

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
