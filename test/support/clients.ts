/** The real-client suite needs its programs; scripts/install-clients installs them. A missing one fails loudly. */
import { execFile, execFileSync } from 'node:child_process';

export function requireProgram(command: string, debianPackage: string): void {
  try {
    execFileSync('which', [command], { stdio: 'ignore' });
  } catch {
    throw new Error(`${command} is not installed. Run scripts/install-clients (apt-get install ${debianPackage}) before npm run test:clients.`);
  }
}

export interface ProgramRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to its end and reports its exit code and output, whether it succeeded or not. */
export function runProgram(command: string, args: readonly string[], timeout = 120_000): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve({ code: 0, stdout, stderr });
      // A program that ran and exited non-zero has a numeric code; one that could not start, or was killed, has not.
      else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
      else reject(new Error(`${command} did not run to its end: ${error.message}`, { cause: error }));
    });
  });
}
