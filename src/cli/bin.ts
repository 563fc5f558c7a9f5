/** The process edge: real arguments, streams and environment in; an exit code out. */
import { main } from './main.js';

const args = process.argv.slice(2);
const stop = new AbortController();
// Ctrl-C ends `build --watch` and `preview` after the rebuild under way (its files are written
// whole or not at all); any other command keeps Node's default, which stops at once.
if (args.includes('--watch') || args.includes('-w') || args[0] === 'preview') {
  process.once('SIGINT', () => {
    stop.abort();
  });
}
process.exitCode = await main(args, { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: stop.signal });
