/**
 * Writes the offline test model: a static "hashed character n-gram" sentence embedder in
 * transformers.js layout (config.json, tokenizer.json, tokenizer_config.json,
 * onnx/model_quantized.onnx). Every token's vector is fixed at generation time, so the ONNX
 * graph is a single Gather; transformers.js mean-pools and normalises it like any BERT model.
 *
 *   npm run make-fixture-model [-- --out DIR]
 *   npm run make-fixture-model -- --derive-collection-words DIR   (maintainers, see below)
 *
 * Deterministic: the same inputs give byte-identical files (seeded PRNG, no timestamps,
 * code-unit ordering). Its inputs live in the repo, so a fresh clone regenerates the committed
 * model exactly:
 * - test/fixtures/corpus/papers.jsonl, the tests' ten-paper shelf (not corpus/papers.jsonl, so
 *   editing the production shelf changes neither the model nor any test);
 * - test/fixtures/model-inputs/collection-words.json, the word counts of the Cranfield and CISI
 *   abstracts (the evaluation collections are not in the repo). `--derive-collection-words DIR`
 *   rewrites it from a folder holding cranfield/cran.all.1400 and cisi/CISI.ALL.
 * A missing input stops the script (exit 1) instead of writing a different model.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng } from './bench/rng.js';
import {
  BERT_SPECIALS,
  DataType,
  encodeModel,
  node,
  prettyJson,
  specialTokensMap,
  tensor,
  tokenizerConfig,
  tokenizerJson,
  valueInfo,
  writeFiles,
  type ModelFile,
} from './bench/model-files.js';
import { AppError, UsageError } from '../src/errors.js';
import { integerOption, parseCommandLine } from '../src/cli/args.js';
import { runCli } from '../src/cli/run.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const FIXTURE_DEFAULTS = {
  out: path.join(REPO_ROOT, 'test/fixtures/models/hashed-ngrams'),
  shelf: path.join(REPO_ROOT, 'test/fixtures/corpus/papers.jsonl'),
  collectionWords: path.join(REPO_ROOT, 'test/fixtures/model-inputs/collection-words.json'),
} as const;

/** The two SMART files whose title and abstract words the model's vocabulary and weights count. */
const COLLECTION_FILES = ['cranfield/cran.all.1400', 'cisi/CISI.ALL'] as const;

/**
 * 9,000 × 128 float32 = 4.6 MB of weights, under 5 MB with the tokenizer. Measured against 11,000 × 96:
 * more dimensions lower the random-projection noise floor (off-topic cosines) more than the extra
 * whole words help; much wider vectors would slow the HNSW build. The benchmark also writes a
 * 384-dimension variant (`--dim 384`, real-model width) into a git-ignored cache.
 */
export const FIXTURE_DIM = 128;
const VOCAB_SIZE = 9_000;
const SEED = 0x5eed_2024;
const SPECIALS = BERT_SPECIALS;
const MAX_LEN = 512;
/** SIF smoothing (Arora et al. 2017): weight a / (a + p(token)). */
const SIF_A = 1e-3;
/** Function words never weigh more than this, even when rare in abstracts ("what", "who"). */
const STOPWORD_WEIGHT = 0.05;
const UNK_WEIGHT = 0.05;
const SHORT_PIECE_WEIGHT = 0.1;
const SHORT_WORD_WEIGHT = 0.3;
const PREFIX_PIECES = 600;
const SUFFIX_PIECES = 300;

// Same character classes as transformers.js' BertPreTokenizer, so counts match its tokens.
const PUNCT = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const WORD_OR_PUNCT = new RegExp(`[^\\s${PUNCT}]+|[${PUNCT}]`, 'gu');
const IS_PUNCT = new RegExp(`^[${PUNCT}]$`, 'u');

const STOPWORDS = `a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing done down during each either
else etc even ever every few for from further had has have having he her here hers herself him
himself his how however i if in into is it its itself just least less let like many may me might
more most much must my myself neither no nor not now of off often on once one only or other our
ours ourselves out over own per rather same shall she should since so some such than that the
their theirs them themselves then there therefore these they this those though through thus to
too under until up upon us very via was we were what whatever when where whether which while who
whom whose why will with within without would yet you your yours yourself yourselves`.split(/\s+/);

/** Common English words outside the shelf's vocabulary, so everyday questions tokenise into words. */
const COMMON_WORDS = `able across actually add advantage again age ago agree air allow almost alone along already always
among amount animal another answer anyone anything appear apply approach area argue around art article
ask author available away back bad base become begin behind believe benefit best better big bill
billion bit black blood body book born box boy break bring brother build business buy call camera
campaign car care carry case catch cause center central century certain chance change character
charge check child choice choose church city claim class clear close cold college color come common
community company compare computer concern condition consider contain continue control cost country
couple course court cover create crime cultural culture cup current customer cut dark daughter day
dead deal death debate decade decide decision deep describe design despite detail determine develop
difference different difficult dinner direction discover discuss disease doctor dog door dream drive
drop drug early easy eat economic economy edge education effect effort eight election else employee
end energy enjoy enough enter entire environment especially evening event everybody everyone
everything evidence exactly example executive exist expect experience expert explain eye face fact
factor fail fall family far fast father fear federal feel field fight figure fill film final finally
financial find fine finger finish fire firm first fish five floor fly focus follow food foot football
force foreign forget form former forward four free friend front full fund future game garden gas
general generation get girl give glass go goal good government great green ground group grow growth
guess gun guy hair half hand hang happen happy hard head health hear heart heat heavy help high
history hit hold home hope hospital hot hotel hour house huge human hundred husband idea identify
image imagine impact important improve include increase indeed indicate individual industry inside
instead interest international interview investment involve issue item job join keep key kid kill
kind kitchen know knowledge land language large last late later laugh law lawyer lead leader learn
leave left leg legal life light likely line list listen little live local long look lose loss lot
love low machine magazine main maintain major make man manage manager market marriage material
matter maybe mean measure media medical meet meeting member memory mention message method middle
military million mind minute miss mission modern moment money month morning mother move movie music
name nation national natural nature near nearly necessary need network never new news newspaper next
nice night none north note nothing notice number occur offer office officer official oil old open
operation opinion option order organization others outside owner page pain painting paper parent
part particular party pass past patient pattern pay peace people perform perhaps period person
personal phone physical pick picture piece place plan plant play player point police policy
political poor popular population position positive possible power practice prepare present
president pressure pretty prevent price private probably problem process produce product production
professional professor program project property protect prove provide public pull purpose push put
quality question quickly quite race radio raise range rate reach read ready real reality realize
really reason receive recent recently recipe recognize record red reduce reflect region relate
relationship religious remain remember remove report represent require research resource respond
response rest result return reveal rich right rise risk road rock role room rule run safe save say
scene school science scientist score sea season seat second section security see seek seem sell send
senior sense series serious serve service set seven several sex shake share shoot short shot show
side sign significant similar simple simply sing single sister sit site situation six size skill skin
small smile social society soldier somebody someone something sometimes son song soon sort sound
source south southern space speak special specific speech spend sport spring staff stage stand
standard star start state statement station stay step still stock stop store story strategy street
strong structure student study stuff style subject success successful suddenly suffer suggest
summer support sure surface system table take talk task tax teach teacher team technology
television tell ten tend term test thank thing think third thought thousand threat three throughout
time today together tonight total tough toward town trade traditional training travel treat
treatment tree trial trip trouble true truth try turn type understand unit usually value various
victim view violence visit voice vote wait walk wall want war watch water way weapon wear week weight
well west western white whole wide wife win wind window wish woman wonder word work worker world
worry write writer wrong yard yeah year young`.split(/\s+/);

/** Word-internal pieces that let unseen inflections split into a known stem plus an ending. */
const SUFFIXES = `s es ed ing ly er ers est ion ions tion tions ation ations ment ments ness ity ities al ally ic
ical ically ize ized izes izing ization ise ised able ible ful less ous ive ively ure ance ence ant
ent ism ist ists ology ological graph graphy metric wise like ship hood ward`.split(/\s+/);

export interface FixtureOptions {
  out: string;
  /** The shelf whose every word is in the vocabulary (JSON lines with title and abstract). */
  shelf: string;
  /** Word counts of the evaluation collections, as written by deriveCollectionWords. */
  collectionWords: string;
  /** Width of the vectors (default FIXTURE_DIM, the committed fixture's). */
  dim?: number;
}

/** An input of the generator is missing or unreadable: nothing is written. */
export class FixtureInputError extends AppError {}

/** What collection-words.json holds: the collections' hashes, and each pre-token with its count. */
interface CollectionWords {
  sources: Record<string, string>;
  counts: Array<[string, number]>;
}

export interface FixtureSummary {
  out: string;
  dim: number;
  vocabSize: number;
  bytes: number;
  files: string[];
  sources: Record<string, string>;
}

// ---------- text sources ----------

function readShelfTexts(file: string): string[] {
  const texts: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const paper = JSON.parse(line) as { title?: unknown; abstract?: unknown };
    texts.push(`${typeof paper.title === 'string' ? paper.title : ''}\n${typeof paper.abstract === 'string' ? paper.abstract : ''}`);
  }
  return texts;
}

/**
 * Title and abstract text (.T and .W fields) of a SMART-format collection. Deliberately not
 * scripts/eval/collections.ts: that parser treats stray markers differently, and the committed
 * word counts (hence the model's bytes) come from this reading.
 */
function readSmartTexts(file: string): string[] {
  const texts: string[] = [];
  let field = '';
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) texts.push(current.join('\n'));
    current = [];
  };
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/\r$/, '');
    const marker = /^\.([A-Z])\b/.exec(line);
    if (marker) {
      if (marker[1] === 'I') flush();
      field = marker[1] ?? '';
      continue;
    }
    if (field === 'T' || field === 'W') current.push(line);
  }
  flush();
  return texts;
}

/** How often each pre-token occurs: all the vocabulary and the weights need from a text. */
function countWords(texts: readonly string[], into = new Map<string, number>()): Map<string, number> {
  for (const text of texts) for (const tok of preTokenize(text)) into.set(tok, (into.get(tok) ?? 0) + 1);
  return into;
}

function requireInput(file: string, what: string, fix: string): void {
  if (!existsSync(file)) {
    throw new FixtureInputError(`make-fixture-model: ${what} ${file} is missing; nothing was written.\n${fix}`);
  }
}

/** Writes collection-words.json from the SMART collections in evalDir (one word and count a line). */
export function deriveCollectionWords(evalDir: string, outFile: string): { words: number; occurrences: number } {
  const sources: Record<string, string> = {};
  const counts = new Map<string, number>();
  for (const rel of COLLECTION_FILES) {
    const file = path.join(evalDir, rel);
    requireInput(file, 'the collection file', `Point --derive-collection-words at the folder holding ${COLLECTION_FILES.join(' and ')}.`);
    countWords(readSmartTexts(file), counts);
    sources[rel] = sha256(readFileSync(file));
  }
  const entries = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const lines = entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, `{\n  "sources": ${JSON.stringify(sources)},\n  "counts": [\n${lines}\n  ]\n}\n`);
  return { words: entries.length, occurrences: entries.reduce((n, [, c]) => n + c, 0) };
}

// ---------- tokenisation (mirrors BertNormalizer + BertPreTokenizer + WordPiece) ----------

function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

function preTokenize(text: string): string[] {
  return normalise(text).match(WORD_OR_PUNCT) ?? [];
}

function wordPiece(word: string, vocab: ReadonlySet<string>): string[] {
  const chars = [...word];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: string | null = null;
    while (start < end) {
      const sub = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
      if (vocab.has(sub)) {
        found = sub;
        break;
      }
      end--;
    }
    if (found === null) return ['[UNK]'];
    pieces.push(found);
    start = end;
  }
  return pieces;
}

const byCountThenCodeUnits = (a: [string, number], b: [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

// ---------- vocabulary ----------

interface Vocab {
  tokens: string[];
  /** Word-initial pieces that are not words themselves: their n-grams get no end marker. */
  prefixOnly: Set<string>;
}

function buildVocab(wordCounts: ReadonlyMap<string, number>, shelfWords: ReadonlySet<string>): Vocab {
  const charCounts = new Map<string, number>();
  for (const [tok, n] of wordCounts) for (const ch of tok) charCounts.set(ch, (charCounts.get(ch) ?? 0) + n);

  const tokens: string[] = [];
  const seen = new Set<string>();
  const add = (t: string): void => {
    if (tokens.length < VOCAB_SIZE && !seen.has(t)) {
      seen.add(t);
      tokens.push(t);
    }
  };
  SPECIALS.forEach(add);

  // Every character so any word can be spelled: ASCII basics plus characters seen twice or more.
  const chars = new Set<string>();
  for (let c = 0x21; c <= 0x7e; c++) {
    const ch = String.fromCharCode(c);
    if (ch === normalise(ch)) chars.add(ch);
  }
  for (const [ch, n] of charCounts) if (n >= 2) chars.add(ch);
  const sortedChars = [...chars].sort();
  for (const ch of sortedChars) add(ch);
  for (const ch of sortedChars) if (!IS_PUNCT.test(ch)) add(`##${ch}`);

  SUFFIXES.forEach((s) => add(`##${s}`));

  // Frequent word beginnings and endings (counted over distinct words) for out-of-vocabulary words.
  const words = [...wordCounts.keys()].filter((w) => !IS_PUNCT.test(w) && /\p{L}/u.test(w));
  const prefixCounts = new Map<string, number>();
  const suffixCounts = new Map<string, number>();
  for (const w of words) {
    const cs = [...w];
    for (let n = 3; n <= 6 && n < cs.length; n++) {
      const p = cs.slice(0, n).join('');
      prefixCounts.set(p, (prefixCounts.get(p) ?? 0) + 1);
    }
    for (let n = 2; n <= 5 && n < cs.length; n++) {
      const s = cs.slice(cs.length - n).join('');
      suffixCounts.set(s, (suffixCounts.get(s) ?? 0) + 1);
    }
  }
  const prefixes = [...prefixCounts]
    .sort(byCountThenCodeUnits)
    .slice(0, PREFIX_PIECES)
    .map(([p]) => p);
  const suffixes = [...suffixCounts]
    .sort(byCountThenCodeUnits)
    .slice(0, SUFFIX_PIECES)
    .map(([s]) => s);
  suffixes.forEach((s) => add(`##${s}`));
  const prefixStart = tokens.length;
  prefixes.forEach(add);
  const prefixTokens = tokens.slice(prefixStart);

  // Whole words: everything on the shelf, common English, then the collections by frequency.
  [...shelfWords]
    .filter((w) => !IS_PUNCT.test(w))
    .sort()
    .forEach(add);
  [...new Set([...STOPWORDS, ...COMMON_WORDS])].sort().forEach(add);
  const ranked = [...wordCounts].filter(([w]) => !IS_PUNCT.test(w)).sort(byCountThenCodeUnits);
  for (const [w] of ranked) add(w);

  const prefixOnly = new Set(prefixTokens.filter((p) => !wordCounts.has(p)));
  return { tokens, prefixOnly };
}

// ---------- vectors ----------

/** FNV-1a over UTF-16 code units: a stable 32-bit key for an n-gram. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const gaussianCache = new Map<string, Float64Array>();
function gaussianFor(feature: string, dim: number): Float64Array {
  const key = `${dim}:${feature}`;
  const cached = gaussianCache.get(key);
  if (cached) return cached;
  const rand = createRng(fnv1a(feature) ^ SEED).next;
  const v = new Float64Array(dim);
  for (let i = 0; i < dim; i += 2) {
    // Box–Muller; 1 - u keeps log away from 0.
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const theta = 2 * Math.PI * rand();
    v[i] = r * Math.cos(theta);
    if (i + 1 < dim) v[i + 1] = r * Math.sin(theta);
  }
  gaussianCache.set(key, v);
  return v;
}

/** fastText-style features: the marked token itself plus its 3–5 character n-grams. */
function features(token: string, prefixOnly: ReadonlySet<string>): string[] {
  const internal = token.startsWith('##');
  const body = internal ? token.slice(2) : token;
  const marked = internal ? body : prefixOnly.has(token) ? `<${body}` : `<${body}>`;
  const cs = [...marked];
  const out = new Set<string>([internal ? `##${marked}` : marked]);
  for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= cs.length; i++) out.add(cs.slice(i, i + n).join(''));
  return [...out];
}

function buildVectors(vocab: Vocab, wordCounts: ReadonlyMap<string, number>, dim: number): Float32Array {
  const { tokens, prefixOnly } = vocab;
  const ids = new Map(tokens.map((t, i) => [t, i]));
  const vocabSet = new Set(tokens);

  // Token frequencies under the model's own tokenisation, for SIF weights.
  const counts = new Float64Array(tokens.length);
  let total = 0;
  const pieceCache = new Map<string, string[]>();
  for (const [word, n] of wordCounts) {
    let pieces = pieceCache.get(word);
    if (!pieces) {
      pieces = wordPiece(word, vocabSet);
      pieceCache.set(word, pieces);
    }
    // Whole counts, added at once: integers, so the sums are exactly those of one-by-one counting.
    for (const p of pieces) {
      counts[ids.get(p) ?? 1]! += n;
      total += n;
    }
  }

  // n-grams shared by many tokens ("tion", "ing>") carry little meaning: weight them by IDF.
  const featureLists = tokens.map((t) => features(t, prefixOnly));
  const df = new Map<string, number>();
  for (const fs of featureLists) for (const f of fs) df.set(f, (df.get(f) ?? 0) + 1);

  const stop = new Set(STOPWORDS);
  const table = new Float32Array(tokens.length * dim);
  const acc = new Float64Array(dim);
  tokens.forEach((token, id) => {
    if (token === '[PAD]' || token === '[CLS]' || token === '[SEP]') return; // zeros: pooling ignores them
    acc.fill(0);
    for (const f of featureLists[id]!) {
      const w = Math.log(1 + tokens.length / (df.get(f) ?? 1));
      const g = gaussianFor(f, dim);
      for (let k = 0; k < dim; k++) acc[k]! += w * g[k]!;
    }
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += acc[k]! * acc[k]!;
    norm = Math.sqrt(norm);
    let weight = total > 0 ? SIF_A / (SIF_A + counts[id]! / total) : 1;
    if (stop.has(token)) weight = Math.min(weight, STOPWORD_WEIGHT);
    if (token === '[UNK]' || token === '[MASK]') weight = UNK_WEIGHT;
    // Spelled-out fragments of unknown words ("##o", "##rd") say little about meaning.
    const body = token.startsWith('##') ? token.slice(2) : token;
    if ([...body].length <= 2) weight = Math.min(weight, token.startsWith('##') ? SHORT_PIECE_WEIGHT : SHORT_WORD_WEIGHT);
    const scale = norm > 0 ? weight / norm : 0;
    for (let k = 0; k < dim; k++) table[id * dim + k] = acc[k]! * scale;
  });
  return table;
}

// ---------- files ----------

function onnxModel(table: Float32Array, vocabSize: number, dim: number): Uint8Array {
  const dynamic = ['batch_size', 'sequence_length'];
  return encodeModel({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'papershelf/scripts/make-fixture-model.ts',
    producerVersion: '1',
    docString: 'Static hashed character n-gram embeddings for offline tests (one Gather).',
    graph: {
      name: 'hashed_ngrams',
      node: [node('Gather', ['embeddings', 'input_ids'], ['last_hidden_state'], { axis: 0 }, 'token_embeddings')],
      initializer: [tensor('embeddings', DataType.FLOAT, [vocabSize, dim], table)],
      // attention_mask is accepted (pipelines always send it) but unused: pooling applies it.
      input: [valueInfo('input_ids', DataType.INT64, dynamic), valueInfo('attention_mask', DataType.INT64, dynamic)],
      output: [valueInfo('last_hidden_state', DataType.FLOAT, [...dynamic, dim])],
    },
  });
}

function configJson(vocabSize: number, dim: number): unknown {
  return {
    _name_or_path: 'hashed-ngrams',
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dim,
    vocab_size: vocabSize,
    max_position_embeddings: MAX_LEN,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: dim,
    hidden_act: 'gelu',
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    torch_dtype: 'float32',
    papershelf_fixture: {
      description: 'Static embeddings: IDF-weighted sum of hashed 3–5 character n-gram vectors, SIF-weighted per token.',
      generator: 'scripts/make-fixture-model.ts',
    },
  };
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

function readCollectionWords(file: string): CollectionWords {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CollectionWords>;
  if (typeof parsed.sources !== 'object' || parsed.sources === null || !Array.isArray(parsed.counts)) {
    throw new FixtureInputError(
      `make-fixture-model: ${file} is not a word-count file (expected "sources" and "counts"); nothing was written.`,
    );
  }
  return { sources: parsed.sources, counts: parsed.counts };
}

export function generateFixtureModel(opts: FixtureOptions): FixtureSummary {
  const dim = opts.dim ?? FIXTURE_DIM;
  if (!Number.isInteger(dim) || dim < 2 || dim > 4096) {
    throw new FixtureInputError(`make-fixture-model: the dimension must be an integer from 2 to 4096 (got ${dim}); nothing was written.`);
  }
  const restore = 'Restore it from git (git checkout -- test/fixtures) rather than regenerating from other inputs.';
  requireInput(opts.shelf, 'the fixture shelf', restore);
  requireInput(opts.collectionWords, 'the collection word counts', restore);
  const shelfCounts = countWords(readShelfTexts(opts.shelf));
  const collection = readCollectionWords(opts.collectionWords);
  // sources.json names the original files, so it reads the same as when the collections were parsed directly.
  const sources: Record<string, string> = { [path.basename(opts.shelf)]: sha256(readFileSync(opts.shelf)), ...collection.sources };
  const wordCounts = new Map(shelfCounts);
  for (const [word, n] of collection.counts) wordCounts.set(word, (wordCounts.get(word) ?? 0) + n);

  const vocab = buildVocab(wordCounts, new Set(shelfCounts.keys()));
  const table = buildVectors(vocab, wordCounts, dim);
  const files: ModelFile[] = [
    ['config.json', prettyJson(configJson(vocab.tokens.length, dim))],
    ['tokenizer.json', `${JSON.stringify(tokenizerJson(vocab.tokens, SPECIALS))}\n`],
    ['tokenizer_config.json', prettyJson(tokenizerConfig(MAX_LEN))],
    ['special_tokens_map.json', prettyJson(specialTokensMap)],
    ['onnx/model_quantized.onnx', onnxModel(table, vocab.tokens.length, dim)],
    // Which inputs produced these weights, so a stale fixture is easy to diagnose.
    ['sources.json', prettyJson({ dim, vocab_size: vocab.tokens.length, seed: SEED, sources })],
  ];
  const bytes = writeFiles(opts.out, files);
  return { out: opts.out, dim, vocabSize: vocab.tokens.length, bytes, files: files.map(([n]) => n), sources };
}

const COMMAND = {
  usage: 'usage: npm run make-fixture-model -- [--out DIR] [--dim N] [--derive-collection-words EVAL_DIR]',
  help: `Writes the offline test model test/fixtures/models/hashed-ngrams from inputs in the repo
(test/fixtures/corpus/papers.jsonl and test/fixtures/model-inputs/collection-words.json),
byte for byte the same every time. Exit 1 without writing anything when an input is missing.

  --out DIR                          write the model to DIR instead
  --dim N                            vectors of N dimensions (default ${FIXTURE_DIM}; another width needs --out,
                                     so the committed fixture is never overwritten by a variant)
  --derive-collection-words EVAL_DIR  rewrite collection-words.json from the Cranfield and CISI
                                     collections in EVAL_DIR (cranfield/cran.all.1400, cisi/CISI.ALL),
                                     then write the model`,
  options: { out: { type: 'string' }, dim: { type: 'string' }, 'derive-collection-words': { type: 'string' } },
} as const;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // Synchronous work; runCli takes a promise so every command shares one error path.
  runCli(() => {
    const { values } = parseCommandLine(COMMAND, process.argv.slice(2));
    const dim = integerOption('dim', values.dim, FIXTURE_DIM, 2, 4096, COMMAND.usage);
    if (dim !== FIXTURE_DIM && values.out === undefined) {
      throw new UsageError(
        `--dim ${dim} needs --out DIR: the default folder holds the committed ${FIXTURE_DIM}-dimension fixture`,
        COMMAND.usage,
      );
    }
    const opts: FixtureOptions = { ...FIXTURE_DEFAULTS, dim, ...(values.out !== undefined ? { out: path.resolve(values.out) } : {}) };
    const evalDir = values['derive-collection-words'];
    if (evalDir !== undefined) {
      const d = deriveCollectionWords(path.resolve(evalDir), opts.collectionWords);
      console.log(`wrote ${path.relative(process.cwd(), opts.collectionWords)}: ${d.words} distinct words, ${d.occurrences} occurrences`);
    }
    const summary = generateFixtureModel(opts);
    console.log(
      `wrote ${path.relative(process.cwd(), summary.out) || '.'}: vocab ${summary.vocabSize}, dim ${summary.dim}, ` +
        `${(summary.bytes / 1e6).toFixed(2)} MB`,
    );
    return Promise.resolve();
  });
}
