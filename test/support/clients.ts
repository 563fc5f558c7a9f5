/** The real-client suite needs its programs; scripts/install-clients installs them. A missing one fails loudly. */
import { execFileSync } from 'node:child_process';

export function requireProgram(command: string, debianPackage: string): void {
  try {
    execFileSync('which', [command], { stdio: 'ignore' });
  } catch {
    throw new Error(`${command} is not installed. Run scripts/install-clients (apt-get install ${debianPackage}) before npm run test:clients.`);
  }
}
