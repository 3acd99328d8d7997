import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { loadIndex } from '../index/load.js';
import { QUESTION_MAX_CHARS, Shelf } from '../answer/shelf.js';
import { formatAnswerText, answerJson } from '../answer/text.js';
import { openEmbedder } from './open-embedder.js';
import { runCli, UsageError } from './run.js';

const USAGE = 'usage: npm run ask -- "<question>" [--k 5] [--paper <id>] [--json]';

/** `npm run ask`: the bot's answer, in the terminal. */
runCli(async () => {
  const args = parseAskArgs(process.argv.slice(2));
  const config = loadConfig();
  const index = await loadIndex(config.INDEX_DIR);
  if (args.paper !== undefined && !index.paperIndexById.has(args.paper)) {
    throw new UsageError(`No paper with id ${args.paper} on the shelf (${config.CORPUS_PATH}).`, USAGE);
  }
  const embedder = await openEmbedder(config);
  const shelf = new Shelf(index, embedder);
  if (shelf.warning) process.stderr.write(`warning: ${shelf.warning}\n`);
  const answer = await shelf.ask(args.question, { k: args.k, ...(args.paper !== undefined ? { paperId: args.paper } : {}) });
  if (args.json) process.stdout.write(`${JSON.stringify(answerJson(answer))}\n`);
  else process.stdout.write(formatAnswerText(answer, { bold: process.stdout.isTTY === true, mode: shelf.mode }));
});

function parseAskArgs(argv: string[]): { question: string; k: number; paper?: string; json: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { k: { type: 'string' }, paper: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
  } catch (err) {
    throw new UsageError((err as Error).message, USAGE);
  }
  const question = parsed.positionals.join(' ').trim();
  if (question === '') throw new UsageError('Missing the question.', USAGE);
  if (question.length > QUESTION_MAX_CHARS) {
    throw new UsageError(`The question is ${question.length} characters; the limit is ${QUESTION_MAX_CHARS}, as in Discord's /ask. Shorten it.`, USAGE);
  }
  const k = parsed.values.k === undefined ? 5 : Number(parsed.values.k);
  if (!Number.isInteger(k) || k < 1 || k > 20) throw new UsageError(`--k must be a whole number from 1 to 20, not ${parsed.values.k}.`, USAGE);
  return { question, k, json: parsed.values.json === true, ...(parsed.values.paper !== undefined ? { paper: parsed.values.paper } : {}) };
}
