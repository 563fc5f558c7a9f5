/**
 * Debian's Chromium, headless, driven by playwright-core (never a browser that Playwright downloads).
 * scripts/install-clients installs it; a missing one fails the suite.
 */
import { chromium, type Browser } from 'playwright-core';
import { requireProgram } from './clients.js';

export const chromiumPath = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  requireProgram('chromium', 'chromium');
  // Playwright gives every launch a fresh temporary profile of its own.
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
