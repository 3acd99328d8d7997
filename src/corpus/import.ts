import { createHash } from 'node:crypto';
import { CorpusError, parseCorpus } from './load.js';
import { paperToLine } from './schema.js';
import type { Paper } from './types.js';

/**
 * Importing the raw `Abstract:` text format (one `Abstract:<text>` line per paper) onto the shelf.
 * Pure: the CLI in src/cli/import.ts does the file I/O.
 */

const PREFIX = 'Abstract:';
const PLACEHOLDER_WORDS = 8;

export interface SeedOptions {
  /** Year for every imported paper; without it the current year is used, with a warning. */
  year?: number;
  /** Injected for tests; defaults to the clock. */
  currentYear?: number;
  /** How to name the titles file in messages. */
  titlesPath?: string;
}

/** Whitespace-collapsed NFC text: the same abstract pasted twice hashes the same. */
export function normaliseAbstract(abstract: string): string {
  return abstract.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A stable id for a paper that has none: `sha256:` + 12 hex of its normalised abstract. */
export function seedId(abstract: string): string {
  return `sha256:${createHash('sha256').update(normaliseAbstract(abstract), 'utf8').digest('hex').slice(0, 12)}`;
}

/** A titles file: one title per non-blank line, in the order of the abstracts. */
export function parseTitles(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function placeholderTitle(abstract: string): string {
  const words = normaliseAbstract(abstract).split(' ');
  const head = words.slice(0, PLACEHOLDER_WORDS).join(' ').replace(/[.,;:!?]+$/, '');
  return `Untitled: ${head}…`;
}

export interface SeedImport {
  papers: Paper[];
  /** Every warning, for printing. */
  warnings: string[];
  /** The warnings about one paper, by id, so a caller can drop those of papers it skips. */
  warningsByPaper: Map<string, string[]>;
}

export function parseSeedAbstracts(
  text: string,
  displayPath: string,
  titles?: string[],
  options: SeedOptions = {},
): SeedImport {
  const problems: string[] = [];
  const found: { abstract: string; lineNo: number }[] = [];
  const lineOfId = new Map<string, number>();

  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, index) => {
      const lineNo = index + 1;
      const line = raw.replace(/\r$/, '').trim();
      if (line === '') return;
      if (!line.startsWith(PREFIX)) {
        const preview = line.length > 40 ? `${line.slice(0, 40)}…` : line;
        problems.push(`${displayPath}:${lineNo}: expected a line starting with "${PREFIX}", got "${preview}"`);
        return;
      }
      const abstract = line.slice(PREFIX.length).trim();
      if (abstract === '') {
        problems.push(`${displayPath}:${lineNo}: abstract: empty after "${PREFIX}"`);
        return;
      }
      const id = seedId(abstract);
      const first = lineOfId.get(id);
      if (first !== undefined) {
        problems.push(`${displayPath}:${lineNo}: same abstract as line ${first}; remove one of them`);
        return;
      }
      lineOfId.set(id, lineNo);
      found.push({ abstract, lineNo });
    });

  if (problems.length === 0 && found.length === 0) {
    problems.push(`${displayPath}: no abstracts (expected one "${PREFIX}<text>" line per paper)`);
  }
  if (titles !== undefined && problems.length === 0 && titles.length !== found.length) {
    problems.push(
      `${options.titlesPath ?? 'titles'}: ${titles.length} titles for ${found.length} abstracts in ${displayPath}; ` +
        'give exactly one title per line, in the same order as the abstracts',
    );
  }
  if (problems.length > 0) throw new CorpusError(problems);

  const warnings: string[] = [];
  const year = options.year ?? options.currentYear ?? new Date().getFullYear();
  if (options.year === undefined) {
    warnings.push(
      `${displayPath}: no --year given; using ${year} for all ${found.length} papers — pass --year <yyyy> or correct the years on the shelf`,
    );
  }
  const warningsByPaper = new Map<string, string[]>();
  const papers = found.map(({ abstract, lineNo }, k): Paper => {
    const id = seedId(abstract);
    let title = titles?.[k];
    if (title === undefined) {
      title = placeholderTitle(abstract);
      const warning = `${displayPath}:${lineNo}: no title; using "${title}" — fill in the title on the shelf or pass --titles <file>`;
      warnings.push(warning);
      warningsByPaper.set(id, [warning]);
    }
    return { id, title, authors: [], year, venue: null, url: null, code: null, abstract };
  });
  return { papers, warnings, warningsByPaper };
}

export interface ImportPlan {
  /** Papers to append, in input order. */
  added: Paper[];
  /** Papers already on the shelf, with the id they are there under. */
  skipped: { paper: Paper; existingId: string }[];
  /** The whole new shelf text (equal to the existing text when nothing is added). */
  text: string;
}

/**
 * Works out what appending `incoming` to the shelf does: papers whose id or (normalised) abstract is
 * already there are skipped, so re-running an import adds nothing and the seed abstracts are not
 * duplicated under hash ids. The combined text is validated with parseCorpus (throws CorpusError).
 */
export function planImport(existingText: string, shelfPath: string, incoming: Paper[]): ImportPlan {
  const existing = existingText.trim() === '' ? [] : parseCorpus(existingText, shelfPath);
  const byId = new Map(existing.map((p) => [p.id, p.id]));
  const byAbstract = new Map(existing.map((p) => [normaliseAbstract(p.abstract), p.id]));

  const added: Paper[] = [];
  const skipped: ImportPlan['skipped'] = [];
  for (const paper of incoming) {
    const existingId = byId.get(paper.id) ?? byAbstract.get(normaliseAbstract(paper.abstract));
    if (existingId !== undefined) {
      skipped.push({ paper, existingId });
      continue;
    }
    added.push(paper);
    byId.set(paper.id, paper.id);
    byAbstract.set(normaliseAbstract(paper.abstract), paper.id);
  }
  if (added.length === 0) return { added, skipped, text: existingText };

  // Existing bytes are kept exactly; only a missing final newline is supplied.
  const separator = existingText === '' || existingText.endsWith('\n') ? '' : '\n';
  const text = `${existingText}${separator}${added.map(paperToLine).join('\n')}\n`;
  parseCorpus(text, shelfPath);
  return { added, skipped, text };
}
