import { loadConfig } from '../config.js';
import { loadIndex } from '../index/load.js';
import { QUESTION_MAX_CHARS, Librarian } from '../answer/librarian.js';
import { ShelfSnapshot } from '../answer/snapshot.js';
import { formatAnswerText, answerJson } from '../answer/text.js';
import { openEmbedder } from './open-embedder.js';
import { integerOption, parseCommandLine } from './args.js';
import { runCli, UsageError, wantsJson } from './run.js';

const USAGE = 'usage: npm run ask -- "<question>" [--k 5] [--paper <id>] [--json]';
const COMMAND = {
  usage: USAGE,
  help: `Answers a question from the shelf in the terminal, as /ask does in Discord (needs an index: npm run index).
A question may be up to 300 characters, as in /ask.

  --k N         passages to show, 1 to 20 (default 5)
  --paper ID    only search this paper (its id in the shelf, e.g. arxiv:2309.16318)
  --json        print exactly one JSON object: the answer, or {"error": {"code", "message"}}

Exit 0 for an answer or an abstention, 2 for a usage error, 1 for an operational error (no index yet...).`,
  options: { k: { type: 'string' }, paper: { type: 'string' }, json: { type: 'boolean', default: false } },
  positionals: true,
} as const;

/** `npm run ask`: the bot's answer, in the terminal. */
runCli(
  async () => {
    const args = parseAskArgs(process.argv.slice(2));
    const config = loadConfig();
    const index = await loadIndex(config.INDEX_DIR);
    // Checked before the model is opened: a wrong id is a usage error, said at once.
    if (args.paper !== undefined && new ShelfSnapshot(index).paper(args.paper) === null) {
      throw new UsageError(`No paper with id ${args.paper} on the shelf (${config.CORPUS_PATH}).`, USAGE);
    }
    const embedder = await openEmbedder(config);
    const shelf = new Librarian(index, embedder);
    if (shelf.warning) process.stderr.write(`warning: ${shelf.warning}\n`);
    const answer = await shelf.ask(args.question, { k: args.k, ...(args.paper !== undefined ? { paperId: args.paper } : {}) });
    if (args.json) process.stdout.write(`${JSON.stringify(answerJson(answer))}\n`);
    else process.stdout.write(formatAnswerText(answer, { bold: process.stdout.isTTY === true, mode: shelf.mode }));
  },
  { jsonErrors: wantsJson(process.argv.slice(2)) },
);

function parseAskArgs(argv: string[]): { question: string; k: number; paper?: string; json: boolean } {
  const { values, positionals } = parseCommandLine(COMMAND, argv);
  const question = positionals.join(' ').trim();
  if (question === '') throw new UsageError('Missing the question.', USAGE);
  if (question.length > QUESTION_MAX_CHARS) {
    throw new UsageError(
      `The question is ${question.length} characters; the limit is ${QUESTION_MAX_CHARS}, as in Discord's /ask. Shorten it.`,
      USAGE,
    );
  }
  const k = integerOption('k', values.k, 5, 1, 20, USAGE);
  return { question, k, json: values.json === true, ...(values.paper !== undefined ? { paper: values.paper } : {}) };
}
