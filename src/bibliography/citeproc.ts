/**
 * citeproc-js, loaded with `require`: it is one large CommonJS file, and importing it as ESM makes
 * Node scan all of it for named exports first (about 50 ms of every cold start).
 */
import { createRequire } from 'node:module';
import type CSLModule from 'citeproc';

const require = createRequire(import.meta.url);

export const citeproc = require('citeproc') as typeof CSLModule;
