#!/usr/bin/env node
/* global process */
// The installed command. It runs the compiled CLI in dist/, which `npm ci` builds (the `prepare`
// script) and `npm run build` refreshes.
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
