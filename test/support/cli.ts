/**
 * Running the CLI in tests: in-process through `main()` with collecting streams, or as the installed
 * command (`bin/rubricpress.js`, which runs the compiled dist/) in a child process.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { projectRoot } from './build.js';
import { CollectingStream } from './streams.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `rubricpress <args>` through `main()`, as the process edge calls it. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = { CI: 'true' }): Promise<CliRun> {
  const stdout = new CollectingStream();
  const stderr = new CollectingStream();
  const code = await main(args, { stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export const binPath = path.join(projectRoot, 'bin/rubricpress.js');

/** `node bin/rubricpress.js <args>` in a child process; a non-zero exit is a result, not a rejection. */
export function runBin(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeout?: number; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [binPath, ...args],
      { env: options.env ?? { ...process.env, CI: 'true' }, timeout: options.timeout ?? 0, maxBuffer: 16 * 1024 * 1024, ...(options.cwd === undefined ? {} : { cwd: options.cwd }) },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ code: 0, stdout, stderr });
        } else if (typeof error.code === 'number') {
          resolve({ code: error.code, stdout, stderr });
        } else {
          // Not an exit code: the program could not be started, or was killed (a timeout).
          reject(new Error(`${binPath} ${args.join(' ')}: ${error.message}`, { cause: error }));
        }
      },
    );
  });
}

/** A path as rubricpress prints it in diagnostics: relative to the working directory when inside it. */
export function displayed(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative === '' || relative.startsWith('..') ? absolute : relative;
}
