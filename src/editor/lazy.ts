// The one door to ./lazyCore: loaded on first use (a command, the first snapshot, the analysis
// started just after activation), then shared. Its types are free to import anywhere.
import type * as Core from './lazyCore';

export type LazyCore = typeof Core;

let loading: Promise<LazyCore> | undefined;

export function lazyCore(): Promise<LazyCore> {
  // require, not import(): esbuild points it at dist/lazy/core.js, loaded as CommonJS like the bundle.
  return (loading ??= Promise.resolve().then(() => require('./lazyCore') as LazyCore));
}
