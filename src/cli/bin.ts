/** The process edge: real arguments, streams and environment in; an exit code out. Ctrl-C ends `build --watch`. */
import { main } from './main.js';

const stop = new AbortController();
process.once('SIGINT', () => {
  stop.abort();
});
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: stop.signal });
