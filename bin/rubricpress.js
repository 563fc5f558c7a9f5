#!/usr/bin/env node
/* global process */
// The installed command. It runs the compiled CLI in dist/, which `npm ci` builds (the `prepare`
// script) and `npm run build` refreshes.
import module from 'node:module';

// Node 22.1 and later keep V8's compiled code of rubricpress and its dependencies on disk (in the
// system's temporary folder) between runs, so that a cold start does not compile them again.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off; Node 20 has no such cache and skips this.
module.enableCompileCache?.();

try {
  await import('../dist/cli/bin.js');
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/bin.js')) {
    process.stderr.write('rubricpress: the compiled CLI is missing; run `npm run compile` (or `npm ci`) first.\n');
    process.exitCode = 3;
  } else {
    throw error;
  }
}
