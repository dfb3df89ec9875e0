// The package version, written into the bundle by scripts/build.mjs; the compiled tests run without it.
declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
