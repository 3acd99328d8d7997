import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArxivResponseError } from '../../src/arxiv/atom.js';
import { ArxivClient, ArxivHttpError, retryAfterMs, userAgent } from '../../src/arxiv/client.js';
import { samplePapers, startArxivServer, type ArxivServer } from '../support/arxiv-server.js';

/** Real HTTP to the loopback arXiv; 6 cs.LG papers served 2 a page. */
describe('ArxivClient against the loopback arXiv', () => {
  let server: ArxivServer;
  const notes: string[] = [];
  const client = (extra: Partial<ConstructorParameters<typeof ArxivClient>[0]> = {}) =>
    new ArxivClient({ apiUrl: server.url, contact: 'ops@example.org', minIntervalMs: 20, onNote: (m) => notes.push(m), ...extra });
  const starts = () => server.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('start'));
  const gaps = () => server.requests.slice(1).map((r, i) => r.at - server.requests[i]!.at);

  beforeEach(async () => {
    notes.length = 0;
    server = await startArxivServer(samplePapers(), { maxPerPage: 2 });
  });
  afterEach(async () => {
    await server.close();
  });

  it('leaves at least the interval between requests and never overlaps them, even when asked concurrently', async () => {
    const c = client({ minIntervalMs: 150 });
    const [search, ids] = await Promise.all([c.search('cat:cs.LG'), c.byIds(['0704.0098', '0704.0217'])]);
    expect(search.entries).toHaveLength(6);
    expect(ids.map((e) => e.id)).toEqual(['http://arxiv.org/abs/0704.0098v5', 'http://arxiv.org/abs/0704.0217v2']);
    expect(server.requests).toHaveLength(4);
    expect(server.peakConcurrent).toBe(1);
    // Real recorded times at the server; 2 ms of slack for timer and clock granularity.
    for (const g of gaps()) expect(g).toBeGreaterThanOrEqual(148);
  });

  it('names papershelf and the contact in the User-Agent', async () => {
    await client().byIds(['0704.0098']);
    expect(server.requests[0]!.userAgent).toBe(userAgent('ops@example.org'));
    expect(userAgent('ops@example.org')).toMatch(/^papershelf\/.*mailto:ops@example\.org/);
  });

  it('asks for pages of at most 200 and advances by what arrived (arXiv may send fewer)', async () => {
    const r = await client({ pageSize: 1000 }).search('cat:cs.LG');
    expect(r).toMatchObject({ total: 6 });
    expect(server.requests.map((q) => new URL(q.url, 'http://x').searchParams.get('max_results'))).toEqual(['200', '200', '200']);
    expect(starts()).toEqual(['0', '2', '4']);
  });

  it('a 503 with Retry-After waits that long, then goes on', async () => {
    server.failNext({ kind: 'ok' }, { kind: 'status', status: 503, retryAfter: '1' });
    const r = await client().search('cat:cs.LG');
    expect(r.entries).toHaveLength(6);
    expect(starts()).toEqual(['0', '2', '2', '4']);
    expect(gaps()[1]).toBeGreaterThanOrEqual(995);
    expect(notes).toContain('arXiv answered 503 (busy); retrying in 1.0 s (attempt 2 of 5)');
  });

  it('Retry-After is bounded, and a server that stays busy is given up on with a clear error', async () => {
    server.failAlways({ kind: 'status', status: 503, retryAfter: '3600' });
    const t0 = performance.now();
    await expect(client({ maxRetries: 2, maxRetryAfterMs: 50 }).search('cat:cs.LG')).rejects.toThrow(
      new ArxivHttpError('arXiv answered 503 (busy), 3 times; try again later.'),
    );
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(server.requests).toHaveLength(3);
  });

  it('a 429 without Retry-After backs off exponentially from the interval', async () => {
    server.failNext({ kind: 'status', status: 429 }, { kind: 'status', status: 429 });
    await client({ minIntervalMs: 50 }).byIds(['0704.0098']);
    expect(server.requests).toHaveLength(3);
    expect(gaps()[0]).toBeGreaterThanOrEqual(48); // 50 · 2^0
    expect(gaps()[1]).toBeGreaterThanOrEqual(98); // 50 · 2^1
  });

  it('an empty page in the middle of a result set is asked again, not taken as the end', async () => {
    server.failNext({ kind: 'ok' }, { kind: 'empty' });
    const r = await client().search('cat:cs.LG');
    expect(r.entries).toHaveLength(6);
    expect(starts()).toEqual(['0', '2', '2', '4']);
    expect(notes).toContain('arXiv answered an empty page at result 2 of 6; asking again');
  });

  it('empty pages that persist are an error, not a short result', async () => {
    server.failNext({ kind: 'ok' }, { kind: 'empty' }, { kind: 'empty' }, { kind: 'empty' }, { kind: 'empty' });
    await expect(client().search('cat:cs.LG')).rejects.toThrow(/kept answering an empty page at result 2 of 6 \(4 tries\)/);
  });

  it('every request has a timeout; a hung request is retried, then given up on', async () => {
    server.failNext({ kind: 'hang' });
    const ok = await client({ timeoutMs: 200 }).byIds(['0704.0098']);
    expect(ok).toHaveLength(1);
    server.failAlways({ kind: 'hang' });
    await expect(client({ timeoutMs: 100, maxRetries: 1 }).byIds(['0704.0098'])).rejects.toThrow(
      'arXiv did not answer within 0.1 s, 2 times; try again later.',
    );
  });

  it.each([
    [{ kind: 'html' as const }, /HTML page instead of an Atom feed/],
    [{ kind: 'malformed' as const }, /malformed XML \(line \d+/],
  ])('%j is a clear ArxivResponseError', async (fault, message) => {
    server.failNext(fault);
    const err = await client()
      .search('cat:cs.LG')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArxivResponseError);
    expect((err as Error).message).toMatch(message);
  });

  it("a 400 carries arXiv's own explanation", async () => {
    await expect(client().byIds(['12345'])).rejects.toThrow('arXiv rejected the request: incorrect id format for 12345');
  });

  it('an unreachable API is named, after the bounded retries', async () => {
    const closed = server.url;
    await server.close();
    server = await startArxivServer([]); // for afterEach
    const c = new ArxivClient({ apiUrl: closed, minIntervalMs: 10, maxRetries: 1 });
    await expect(c.byIds(['0704.0098'])).rejects.toThrow(`cannot reach arXiv at ${closed} (ECONNREFUSED), 2 times; try again later.`);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 31 Dec 2023 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('later', now)).toBeNull();
  });
});
