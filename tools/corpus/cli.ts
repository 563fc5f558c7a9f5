/**
 * `npm run corpus -- --countries 30 --questions 64 --out DIR [--seed N] [--peers DIR]`: writes a
 * synthetic edition (see generate.ts) as a source folder, and optionally as Pandoc Markdown.
 */
import { parseArgs } from 'node:util';
import { writeCorpus } from './write.js';

function whole(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new RangeError(`--${name} must be a whole number, not "${value}".`);
  return number;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      countries: { type: 'string' },
      questions: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string', short: 'o' },
      peers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || values.out === undefined) {
    process.stdout.write('Usage: npm run corpus -- --out DIR [--countries 30] [--questions 64] [--seed 1] [--peers DIR]\n');
    return values.help ? 0 : 2;
  }
  const options = { countries: whole(values.countries, 'countries', 30), questions: whole(values.questions, 'questions', 64), seed: whole(values.seed, 'seed', 1) };
  const chapters = await writeCorpus(options, values.out, values.peers);
  process.stdout.write(`corpus: ${options.countries} countries × ${options.questions} questions (seed ${options.seed}): ${chapters} chapters in ${values.out}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`corpus: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
