import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './shelf-fixture.js';

/**
 * A loopback arXiv API (https://info.arxiv.org/help/api/user-manual.html) serving Atom as the real
 * one does: search_query with cat:/keywords/submittedDate, id_list, start/max_results paging,
 * opensearch totals, versioned ids, arxiv:primary_category and category, error entries for bad ids.
 * It records every request (time, URL, User-Agent) and the peak number of concurrent requests, and
 * can be told to misbehave for the next requests: 503 with Retry-After, an empty page, malformed
 * XML, an HTML error page, or no answer at all.
 */

export interface ServerPaper {
  id: string;
  version: number;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  /** ISO time of v1. */
  published: string;
  comment?: string;
  journalRef?: string;
}

export type Fault =
  | { kind: 'ok' }
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'empty' }
  | { kind: 'malformed' }
  | { kind: 'html' }
  | { kind: 'hang' }
  | { kind: 'entry'; xml: string };

export interface RecordedRequest {
  at: number;
  url: string;
  userAgent: string | undefined;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function entryXml(p: ServerPaper): string {
  const v = `http://arxiv.org/abs/${p.id}v${p.version}`;
  const primary = p.categories[0] ?? 'cs.LG';
  return `  <entry>
    <id>${v}</id>
    <updated>${p.published}</updated>
    <published>${p.published}</published>
    <title>${esc(p.title)}</title>
    <summary>${esc(p.abstract)}</summary>
${p.authors.map((a) => `    <author>\n      <name>${esc(a)}</name>\n    </author>`).join('\n')}
${p.comment ? `    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">${esc(p.comment)}</arxiv:comment>\n` : ''}${p.journalRef ? `    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">${esc(p.journalRef)}</arxiv:journal_ref>\n` : ''}    <link href="${v}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${p.id}v${p.version}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="${primary}" scheme="http://arxiv.org/schemas/atom"/>
${p.categories.map((c) => `    <category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
  </entry>`;
}

export function feedXml(query: string, total: number, start: number, perPage: number, entries: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?${esc(query)}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: ${esc(query)}</title>
  <id>http://arxiv.org/api/loopback</id>
  <updated>${new Date().toISOString()}</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${perPage}</opensearch:itemsPerPage>
${entries.join('\n')}
</feed>
`;
}

function errorFeed(message: string): string {
  const entry = `  <entry>
    <id>http://arxiv.org/api/errors#${esc(message.replace(/\s+/g, '_'))}</id>
    <title>Error</title>
    <summary>${esc(message)}</summary>
    <updated>${new Date().toISOString()}</updated>
    <link href="http://arxiv.org/api/errors#${esc(message.replace(/\s+/g, '_'))}" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>`;
  return feedXml('error', 1, 0, 1, [entry]);
}

/** A small evaluator for the search_query forms the client builds (AND of clauses, OR in parentheses). */
function matches(p: ServerPaper, query: string): boolean {
  const clauses = query.split(/\s+AND\s+/);
  return clauses.every((clause) => {
    const c = clause.trim().replace(/^\((.*)\)$/, '$1');
    return c.split(/\s+OR\s+/).some((term) => {
      const t = term.trim();
      const date = /^submittedDate:\[(\d{12}) TO (\d{12})\]$/.exec(t);
      if (date) {
        const d = p.published.replace(/[-:T]/g, '').slice(0, 12);
        return d >= date[1]! && d <= date[2]!;
      }
      if (t.startsWith('cat:')) return p.categories.includes(t.slice(4));
      const words = t
        .replace(/^(all|ti|abs):/, '')
        .replace(/"/g, '')
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean);
      const hay = `${p.title} ${p.abstract}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  });
}

const NEW_ID = /^\d{4}\.\d{4,5}(v\d+)?$/;
const OLD_ID = /^[a-z-]+(\.[A-Z]{2})?\/\d{7}(v\d+)?$/;

export interface ArxivServer {
  url: string;
  papers: Map<string, ServerPaper>;
  requests: RecordedRequest[];
  /** The most requests the server was answering at the same moment. */
  peakConcurrent: number;
  /** Never send more than this many entries per page (arXiv sometimes sends fewer than asked). */
  maxPerPage: number;
  /** Faults for the next requests, one per request, in order. */
  failNext(...faults: Fault[]): void;
  /** A fault for every request until cleared with failAlways(null). */
  failAlways(fault: Fault | null): void;
  close(): Promise<void>;
}

export async function startArxivServer(papers: ServerPaper[], opts: { maxPerPage?: number } = {}): Promise<ArxivServer> {
  const queue: Fault[] = [];
  let always: Fault | null = null;
  let inFlight = 0;
  const hung: ServerResponse[] = [];
  const state: ArxivServer = {
    url: '',
    papers: new Map(papers.map((p) => [p.id, p])),
    requests: [],
    peakConcurrent: 0,
    maxPerPage: opts.maxPerPage ?? 2000,
    failNext: (...f) => queue.push(...f),
    failAlways: (f) => {
      always = f;
    },
    close: async () => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    state.requests.push({ at: performance.now(), url: req.url ?? '', userAgent: req.headers['user-agent'] });
    const fault: Fault | null = queue.shift() ?? always;
    inFlight++;
    state.peakConcurrent = Math.max(state.peakConcurrent, inFlight);
    // Answered, or abandoned by a client that timed out: either way no longer in flight.
    res.on('close', () => inFlight--);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      // Answer after a tick so overlapping requests, if a client made them, would be seen overlapping.
      setTimeout(
        () => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/atom+xml; charset=utf-8', ...headers });
          res.end(body);
        },
        fault?.kind === 'delay' ? fault.ms : 5,
      );
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = url.searchParams.toString();
    const start = Number(url.searchParams.get('start') ?? 0);
    const asked = Number(url.searchParams.get('max_results') ?? 10);
    const perPage = Math.min(asked, state.maxPerPage);

    let found: ServerPaper[];
    const idList = url.searchParams.get('id_list');
    if (idList !== null) {
      const ids = idList.split(',').filter(Boolean);
      const bad = ids.find((i) => !NEW_ID.test(i) && !OLD_ID.test(i));
      if (bad) return send(400, errorFeed(`incorrect id format for ${bad}`));
      found = ids.map((i) => state.papers.get(i.replace(/v\d+$/, ''))).filter((p): p is ServerPaper => p !== undefined);
    } else {
      const sq = url.searchParams.get('search_query') ?? '';
      found = [...state.papers.values()].filter((p) => matches(p, sq)).sort((a, b) => b.published.localeCompare(a.published));
    }
    const pageEntries = found.slice(start, start + perPage).map(entryXml);

    if (fault) {
      switch (fault.kind) {
        case 'ok':
        case 'delay':
          break;
        case 'status':
          return send(fault.status, `<html><body>${fault.status}</body></html>`, {
            'content-type': 'text/html',
            ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}),
          });
        case 'empty':
          return send(200, feedXml(query, found.length, start, perPage, []));
        case 'malformed':
          return send(
            200,
            feedXml(query, found.length, start, perPage, pageEntries).replace('</feed>', '').replace('<entry>', '<entry><title>'),
          );
        case 'html':
          return send(
            200,
            '<!DOCTYPE html>\n<html><head><title>arXiv is under maintenance</title></head><body><h1>Down for maintenance</h1></body></html>',
            { 'content-type': 'text/html; charset=utf-8' },
          );
        case 'hang':
          hung.push(res);
          return;
        case 'entry':
          return send(200, feedXml(query, found.length + 1, start, perPage, [...pageEntries, fault.xml]));
      }
    }
    send(200, feedXml(query, found.length, start, perPage, pageEntries));
  };

  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
  return state;
}

/** Real arXiv records (test/fixtures/arxiv/sample.jsonl, from arXiv's CC0 metadata) as server papers, published in the last days. */
export function samplePapers(now = Date.now()): ServerPaper[] {
  const lines = readFileSync(join(import.meta.dirname, '../fixtures/arxiv/sample.jsonl'), 'utf8')
    .trim()
    .split('\n');
  return lines.map((line, i) => {
    const r = JSON.parse(line) as {
      id: string;
      title: string;
      abstract: string;
      authors: string;
      categories: string;
      comments: string | null;
      journal_ref: string | null;
      versions: unknown[];
    };
    return {
      id: r.id,
      version: r.versions.length,
      title: r.title,
      abstract: r.abstract,
      authors: r.authors
        .split(/,\s*|\s+and\s+/)
        .map((a) => a.trim())
        .filter(Boolean),
      categories: r.categories.split(' '),
      // Recent, so the default 7-day window of a fetch includes them; newest first in file order.
      published: new Date(now - (i + 1) * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...(r.comments ? { comment: r.comments } : {}),
      ...(r.journal_ref ? { journalRef: r.journal_ref } : {}),
    };
  });
}

/** Set (empty = unset) so a developer's .env, which dotenv never lets override the environment, cannot leak in. */
export const NO_DOTENV = { ARXIV_CATEGORIES: '', ARXIV_QUERY: '', ARXIV_EXCLUDE: '', ARXIV_CONTACT: '' };

/** Runs the real `npm run fetch` entry point in a child process (async: the server lives in this process). */
export function fetchCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  onSpawn?: (child: ChildProcess) => void,
  opts: { viaNpm?: boolean } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // viaNpm runs the package.json script itself, as an operator would (slower: npm starts first).
    const child = opts.viaNpm
      ? spawn('npm', ['run', '--silent', 'fetch', '--', ...args], { cwd: REPO, env })
      : spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/fetch.ts'), ...args], { cwd: REPO, env });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
