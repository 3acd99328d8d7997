import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateModel, ModelLoadError, REQUIRED_FILES } from '../../src/embed/locate.js';
import { resolveModelSpec, withPrefix } from '../../src/embed/models.js';
import { poolHiddenStates } from '../../src/embed/pool.js';

describe('model registry', () => {
  it('knows MiniLM by either hub id: mean pooling, no prefixes', () => {
    for (const id of ['Xenova/all-MiniLM-L6-v2', 'sentence-transformers/all-MiniLM-L6-v2']) {
      const spec = resolveModelSpec(id);
      expect(spec).toMatchObject({ pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '', known: true });
      expect(spec.relevance).toEqual({ minDense: 0.35, fusion: { denseWeight: 1, k: 60, pool: null }, source: 'unmeasured here' });
    }
  });

  it('gives bge CLS pooling and its query instruction, but no passage prefix', () => {
    const spec = resolveModelSpec('BAAI/bge-small-en-v1.5');
    expect(spec.pooling).toBe('cls');
    expect(withPrefix(spec, 'how do transformers work', 'query')).toBe(
      'Represent this sentence for searching relevant passages: how do transformers work',
    );
    expect(withPrefix(spec, 'Transformers are...', 'passage')).toBe('Transformers are...');
    expect(resolveModelSpec('Xenova/bge-small-en-v1.5')).toEqual(spec);
  });

  it('gives e5 its "query: " and "passage: " prefixes', () => {
    for (const id of ['Xenova/e5-small-v2', 'intfloat/e5-small-v2']) {
      const spec = resolveModelSpec(id);
      expect(spec.pooling).toBe('mean');
      expect(withPrefix(spec, 'what is entropy', 'query')).toBe('query: what is entropy');
      expect(withPrefix(spec, 'Entropy measures...', 'passage')).toBe('passage: Entropy measures...');
    }
  });

  it('matches a local folder by its name, with or without a trailing slash', () => {
    expect(resolveModelSpec('test/fixtures/models/hashed-ngrams').name).toMatch(/hashed-ngrams/);
    expect(resolveModelSpec('/abs/path/hashed-ngrams/').relevance.source).toBe('measured here');
    expect(resolveModelSpec('/models/e5-small-v2').queryPrefix).toBe('query: ');
    expect(resolveModelSpec('xenova/ALL-minilm-l6-v2').known).toBe(true);
  });

  it('assumes mean pooling for an unknown model and says so', () => {
    const warnings: string[] = [];
    const spec = resolveModelSpec('someone/mystery-model', (m) => warnings.push(m));
    expect(spec).toMatchObject({ pooling: 'mean', queryPrefix: '', passagePrefix: '', known: false });
    expect(spec.relevance).toMatchObject({ minDense: null, fusion: { denseWeight: 1, pool: null } });
    expect(warnings[0]).toMatch(/npm run calibrate/);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/someone\/mystery-model/);
    expect(warnings[0]).toMatch(/assuming mean pooling/);
  });

  it('gives real models an equal vote in fusion, and the weak fixture only a re-ranking one', () => {
    expect(resolveModelSpec('Xenova/e5-small-v2').relevance.minDense).toBe(0.8);
    expect(resolveModelSpec('Xenova/bge-small-en-v1.5').relevance.fusion).toEqual({ denseWeight: 1, k: 60, pool: null });
    const fixture = resolveModelSpec('test/fixtures/models/hashed-ngrams').relevance;
    expect(fixture.fusion.pool).toBe(100);
    expect(fixture.fusion.denseWeight).toBeLessThan(1);
    expect(resolveModelSpec('someone/mystery-model').relevance.minDense).toBeNull();
  });
});

describe('pooling', () => {
  // batch 2, sequence 3, width 2; the second text has one padding position.
  const hidden = { data: new Float32Array([1, 0, 3, 0, 0, 4, /**/ 0, 2, 0, 2, 9, 9]), dims: [2, 3, 2] };
  const mask = new BigInt64Array([1n, 1n, 1n, 1n, 1n, 0n]);

  it('means over unmasked tokens only, then normalises', () => {
    const [a, b] = poolHiddenStates(hidden, mask, 'mean', false);
    expect(Array.from(a!)).toEqual([4 / 3, 4 / 3].map((x) => Math.fround(x)));
    expect(Array.from(b!)).toEqual([0, 2]);
    const [n] = poolHiddenStates(hidden, mask, 'mean', true);
    expect(Math.hypot(...n!)).toBeCloseTo(1, 6);
  });

  it('takes the first token for CLS pooling', () => {
    const rows = poolHiddenStates(hidden, [1, 1, 1, 1, 1, 0], 'cls', false);
    expect(rows.map((r) => Array.from(r))).toEqual([
      [1, 0],
      [0, 2],
    ]);
  });

  it('keeps an all-zero vector zero instead of NaN', () => {
    const [z] = poolHiddenStates({ data: new Float32Array(4), dims: [1, 2, 2] }, [1, 1], 'mean', true);
    expect(Array.from(z!)).toEqual([0, 0]);
  });
});

describe('locating a model (no runtime, no network)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'papershelf-locate-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const cache = path.join(root, 'cache');

  const makeFolder = (name: string, files: readonly string[]): string => {
    const dir = path.join(root, name);
    for (const f of files) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), '{}');
    }
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  it('accepts a complete folder', () => {
    const dir = makeFolder('complete', REQUIRED_FILES);
    expect(locateModel(dir, false, cache)).toEqual({ kind: 'folder', dir });
  });

  it('names the missing file of an incomplete folder and both ways out', () => {
    const dir = makeFolder('no-onnx', ['config.json', 'tokenizer.json', 'tokenizer_config.json']);
    const err = (() => {
      try {
        locateModel(dir, false, cache);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ModelLoadError);
    const msg = (err as Error).message;
    expect(msg).toContain(dir);
    expect(msg).toContain('missing onnx/model_quantized.onnx');
    expect(msg).toContain('ALLOW_REMOTE_MODELS=true');
    expect(msg).toContain('point EMBED_MODEL at a local folder in transformers.js layout');
  });

  it('says when a folder is not in transformers.js layout at all', () => {
    const dir = makeFolder('random-stuff', ['model.safetensors']);
    expect(() => locateModel(dir, true, cache)).toThrow(/exists but is not a folder in transformers\.js layout/);
  });

  it('treats a path-like name that does not exist as a missing folder, not a hub id', () => {
    expect(() => locateModel('./models/nope', true, cache)).toThrow(/there is no folder .*models\/nope/);
  });

  it('serves a hub id from the cache, and refuses politely when it is not cached and remote is off', () => {
    expect(() => locateModel('Xenova/all-MiniLM-L6-v2', false, cache)).toThrow(
      /ALLOW_REMOTE_MODELS=false\) and it is not cached in .*Xenova\/all-MiniLM-L6-v2/,
    );
    expect(locateModel('Xenova/all-MiniLM-L6-v2', true, cache)).toEqual({ kind: 'hub', id: 'Xenova/all-MiniLM-L6-v2' });
    const cached = makeFolder('cache/Xenova/all-MiniLM-L6-v2', REQUIRED_FILES);
    expect(locateModel('Xenova/all-MiniLM-L6-v2', false, cache)).toEqual({ kind: 'folder', dir: cached });
  });
});
