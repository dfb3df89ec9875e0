<?php

// PHP 8.6's SortDirection, which Laravel 13's query builder takes as orderBy()'s default
// (composer gives it symfony/polyfill-php86); Debian's PHP 8.2 has neither.
enum SortDirection
{
    case Ascending;
    case Descending;
}
