/**
 * The embedder through the real runtime (transformers.js + onnxruntime-node) on the committed
 * offline fixture model. Nothing here may touch the network: fetch is watched throughout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmbedder, ModelLoadError } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import { FIXTURE_DEFAULTS, FixtureInputError, generateFixtureModel } from '../../scripts/make-fixture-model.js';

const FIXTURE = 'test/fixtures/models/hashed-ngrams';
const FIXTURE_ABS = path.resolve(FIXTURE);

const tmp = mkdtempSync(path.join(tmpdir(), 'papershelf-embedder-'));
const fetched: string[] = [];
const realFetch = globalThis.fetch;

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array): number => Math.sqrt(dot(a, a));

/** A copy of the fixture under another folder name (the registry matches folders by name). */
function fixtureCopy(name: string): string {
  const dir = path.join(tmp, name);
  cpSync(FIXTURE_ABS, dir, { recursive: true });
  return dir;
}

async function loadError(promise: Promise<unknown>): Promise<ModelLoadError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ModelLoadError);
    return err as ModelLoadError;
  }
  throw new Error('expected a ModelLoadError');
}

let embedder: Embedder;

beforeAll(async () => {
  globalThis.fetch = (input: Parameters<typeof fetch>[0]) => {
    fetched.push(input instanceof Request ? input.url : String(input));
    return Promise.reject(new Error('network access in a test'));
  };
  embedder = await createEmbedder({ model: FIXTURE, allowRemoteModels: false, cacheDir: path.join(tmp, 'cache') });
});

afterAll(() => {
  globalThis.fetch = realFetch;
  rmSync(tmp, { recursive: true, force: true });
  expect(fetched).toEqual([]);
});

describe('the fixture model through transformers.js', () => {
  it('loads offline from a relative folder, with the registry settings', () => {
    expect(embedder.modelId).toBe(FIXTURE);
    expect(embedder.dimension).toBe(128);
    expect(embedder.pooling).toBe('mean');
    expect(embedder.relevance).toMatchObject({ source: 'measured here', fusion: { pool: 100 } });
    expect(embedder.relevance.minDense).toBeGreaterThan(0);
    expect(embedder.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('returns one unit-length vector per text, in input order', async () => {
    const texts = [
      'Catastrophic forgetting in continual learning.',
      'A',
      'Few-shot classification with embedding propagation and manifold smoothing.',
    ];
    const vectors = await embedder.embed(texts, 'passage');
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(128);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    const [alone] = await embedder.embed([texts[2]!], 'passage');
    expect(Array.from(vectors[2]!)).toEqual(Array.from(alone!));
  });

  it('is deterministic and independent of batch size and neighbours', async () => {
    const text = 'Robust multimodal models have outlier features and encode more concepts.';
    const [a] = await embedder.embed([text], 'query');
    const [b] = await embedder.embed([text], 'query');
    expect(Array.from(a!)).toEqual(Array.from(b!));
    const small = await createEmbedder({ model: FIXTURE_ABS, allowRemoteModels: false, batchSize: 2 });
    const many = await small.embed(['x', 'a much longer neighbouring text that forces padding in its batch', text], 'query');
    for (let k = 0; k < 128; k++) expect(many[2]![k]).toBeCloseTo(a![k]!, 6);
  });

  it('puts a paraphrase closer to its source than an unrelated sentence', async () => {
    const [source, paraphrase, unrelated] = await embedder.embed(
      [
        'Standard gradient descent applied to a sequence of tasks causes catastrophic forgetting in deep neural networks.',
        'Do neural networks forget earlier tasks when trained sequentially with gradient descent?',
        'The recipe needs flour, water, salt and a sourdough starter left overnight.',
      ],
      'passage',
    );
    expect(dot(source!, paraphrase!)).toBeGreaterThan(dot(source!, unrelated!) + 0.2);
  });

  it('finds each paper of the shelf from a question paraphrasing it', async () => {
    const papers = readFileSync('test/fixtures/corpus/papers.jsonl', 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { title: string; abstract: string });
    const docs = await embedder.embed(
      papers.map((p) => `${p.title}. ${p.abstract}`),
      'passage',
    );
    const [q] = await embedder.embed(['How can pre-trained foundation models be used for continual learning with latent replay?'], 'query');
    const scores = docs.map((d) => dot(q!, d));
    const best = scores.indexOf(Math.max(...scores));
    expect(papers[best]!.title).toMatch(/Continual Learning with Foundation Models/);
    const [off] = await embedder.embed(['What is a good sourdough recipe?'], 'query');
    const offBest = Math.max(...docs.map((d) => dot(off!, d)));
    expect(scores[best]).toBeGreaterThan(offBest);
    // The floor is where similarity alone is evidence: an off-topic question stays below it.
    expect(offBest).toBeLessThan(embedder.relevance.minDense!);
  });

  it('embeds an empty text as zeros rather than NaN, and an empty list as nothing', async () => {
    const [empty] = await embedder.embed([''], 'passage');
    expect(Array.from(empty!).every((x) => x === 0)).toBe(true);
    expect(await embedder.embed([], 'query')).toEqual([]);
  });
});

describe('model-aware settings through the runtime', () => {
  it('gives an e5 model its query and passage prefixes', async () => {
    const e5 = await createEmbedder({ model: fixtureCopy('e5-small-v2'), allowRemoteModels: false });
    const [viaE5] = await e5.embed(['what is entropy'], 'query');
    const [plain] = await embedder.embed(['query: what is entropy'], 'query');
    expect(Array.from(viaE5!)).toEqual(Array.from(plain!));
    const [passage] = await e5.embed(['entropy'], 'passage');
    const [plainPassage] = await embedder.embed(['passage: entropy'], 'passage');
    expect(Array.from(passage!)).toEqual(Array.from(plainPassage!));
  });

  it('warns about an unknown model and uses mean pooling', async () => {
    const warnings: string[] = [];
    const custom = await createEmbedder({
      model: fixtureCopy('my-custom-model'),
      allowRemoteModels: false,
      onWarning: (m) => warnings.push(m),
    });
    expect(custom.pooling).toBe('mean');
    expect(warnings.join('\n')).toMatch(/not in the registry.*assuming mean pooling/s);
    const [a] = await custom.embed(['gated attention'], 'query');
    const [b] = await embedder.embed(['gated attention'], 'query');
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it('serves a hub id from MODEL_CACHE_DIR offline, with that model’s registry settings', async () => {
    const cacheDir = path.join(tmp, 'hub-cache');
    mkdirSync(path.join(cacheDir, 'Xenova'), { recursive: true });
    cpSync(FIXTURE_ABS, path.join(cacheDir, 'Xenova/bge-small-en-v1.5'), { recursive: true });
    const bge = await createEmbedder({ model: 'Xenova/bge-small-en-v1.5', allowRemoteModels: false, cacheDir });
    expect(bge.modelId).toBe('Xenova/bge-small-en-v1.5');
    expect(bge.pooling).toBe('cls');
    expect(bge.fingerprint).toBe(embedder.fingerprint);
  });
});

describe('fingerprint', () => {
  it('is the same for the same weights however the folder is named, and differs for other weights', async () => {
    const again = await createEmbedder({ model: FIXTURE_ABS, allowRemoteModels: false });
    expect(again.fingerprint).toBe(embedder.fingerprint);
    const other = fixtureCopy('hashed-ngrams-other');
    const config = JSON.parse(readFileSync(path.join(other, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(other, 'config.json'), JSON.stringify({ ...config, note: 'different model' }));
    const changed = await createEmbedder({ model: other, allowRemoteModels: false });
    expect(changed.fingerprint).not.toBe(embedder.fingerprint);
  });
});

describe('load errors', () => {
  it('names the folder, the missing ONNX file and both ways out', async () => {
    const dir = fixtureCopy('broken-model');
    rmSync(path.join(dir, 'onnx/model_quantized.onnx'));
    const err = await loadError(createEmbedder({ model: dir, allowRemoteModels: false }));
    expect(err.message).toContain(dir);
    expect(err.message).toContain('missing onnx/model_quantized.onnx');
    expect(err.message).toContain('run once with network access and ALLOW_REMOTE_MODELS=true');
    expect(err.message).toContain('MODEL_CACHE_DIR');
    expect(err.message).toContain('point EMBED_MODEL at a local folder in transformers.js layout');
  });

  it('explains a corrupt ONNX file instead of crashing', async () => {
    const dir = fixtureCopy('corrupt-model');
    writeFileSync(path.join(dir, 'onnx/model_quantized.onnx'), 'not a protobuf');
    // transformers.js logs its own warnings while it tries a fallback backend; keep the test output clean.
    const quiet = [vi.spyOn(console, 'warn').mockImplementation(() => {}), vi.spyOn(console, 'error').mockImplementation(() => {})];
    const err = await loadError(createEmbedder({ model: dir, allowRemoteModels: false })).finally(() =>
      quiet.forEach((s) => s.mockRestore()),
    );
    expect(err.message).toContain(dir);
    expect(err.message).toMatch(/could not be opened as a transformers\.js model/);
  });

  it('refuses an uncached hub id with remote models disabled, without touching the network', async () => {
    const cacheDir = path.join(tmp, 'empty-cache');
    const before = fetched.length;
    const err = await loadError(createEmbedder({ model: 'Xenova/all-MiniLM-L6-v2', allowRemoteModels: false, cacheDir }));
    expect(fetched.length).toBe(before);
    expect(err.message).toContain('"Xenova/all-MiniLM-L6-v2"');
    expect(err.message).toContain('remote models are disabled (ALLOW_REMOTE_MODELS=false) and it is not cached');
    expect(err.message).toContain(cacheDir);
    expect(err.message).toContain('point EMBED_MODEL at a local folder');
  });

  it('says "probably no network" when a download is allowed but fails', async () => {
    const offline = globalThis.fetch;
    const attempts: string[] = [];
    // Stands in for a host without network: the same TypeError Node's fetch throws on a DNS failure.
    globalThis.fetch = (input: Parameters<typeof fetch>[0]) => {
      attempts.push(input instanceof Request ? input.url : String(input));
      return Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND huggingface.co') }));
    };
    try {
      const cacheDir = path.join(tmp, 'download-cache');
      const err = await loadError(createEmbedder({ model: 'Xenova/all-MiniLM-L6-v2', allowRemoteModels: true, cacheDir }));
      expect(attempts.length).toBeGreaterThan(0);
      expect(err.message).toMatch(/downloading it from the Hugging Face hub failed, probably no network/);
      expect(err.message).toContain('ENOTFOUND');
      expect(err.message).toContain(cacheDir);
    } finally {
      globalThis.fetch = offline;
    }
  });
});

describe('the fixture generator', () => {
  const list = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? list(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
    );

  it('reproduces the committed fixture byte for byte from inputs in the repo', () => {
    const out = path.join(tmp, 'regenerated');
    generateFixtureModel({ ...FIXTURE_DEFAULTS, out });
    // sources.json hashes the inputs: if it differs, an input changed after the fixture was written.
    expect(
      readFileSync(path.join(out, 'sources.json'), 'utf8'),
      'the generator inputs (test/fixtures/corpus/papers.jsonl or test/fixtures/model-inputs) changed since the fixture was written: ' +
        'run `npm run make-fixture-model` and commit test/fixtures/models/hashed-ngrams',
    ).toBe(readFileSync(path.join(FIXTURE_ABS, 'sources.json'), 'utf8'));
    const files = list(FIXTURE_ABS).sort();
    expect(list(out).sort()).toEqual(files);
    let total = 0;
    for (const f of files) {
      const committed = readFileSync(path.join(FIXTURE_ABS, f));
      total += statSync(path.join(FIXTURE_ABS, f)).size;
      expect(readFileSync(path.join(out, f)).equals(committed), `${f} differs from the committed fixture`).toBe(true);
    }
    expect(total).toBeLessThan(5_000_000);
  });

  it('refuses to write anything when an input is missing', () => {
    const out = path.join(tmp, 'not-written');
    const missing = path.join(tmp, 'no-such-words.json');
    expect(() => generateFixtureModel({ ...FIXTURE_DEFAULTS, collectionWords: missing, out })).toThrow(FixtureInputError);
    expect(() => generateFixtureModel({ ...FIXTURE_DEFAULTS, collectionWords: missing, out })).toThrow(
      `the collection word counts ${missing} is missing; nothing was written`,
    );
    expect(() => generateFixtureModel({ ...FIXTURE_DEFAULTS, shelf: path.join(tmp, 'no-shelf.jsonl'), out })).toThrow(
      /fixture shelf .* is missing/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 with that message from the command line', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/make-fixture-model.ts',
        '--out',
        path.join(tmp, 'cli-out'),
        '--derive-collection-words',
        path.join(tmp, 'no-eval'),
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/the collection file .*cran\.all\.1400 is missing; nothing was written/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(tmp, 'cli-out'))).toBe(false);
  });
});
