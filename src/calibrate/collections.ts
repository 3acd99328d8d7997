import { readFileSync } from 'node:fs';
import { AppError } from '../errors.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Parsers for the SMART-format test collections in ../shared/eval (Cranfield, CISI).
 *
 * SMART records start with `.I <id>`; a field starts with a line holding only its marker
 * (`.T`, `.A`, `.B`, `.W`, `.X`, ... possibly followed by spaces) and runs over every
 * following line up to the next marker. Pitfalls handled here:
 * - CRLF line endings (Cranfield);
 * - a field repeated back to back (CISI lists one author per `.A`): the values accumulate;
 * - a marker for a field already closed earlier in the record (Cranfield 240, 576, 578 have
 *   stray `.A`/`.B`/`.W` lines inside the abstract): treated as a continuation of the
 *   current field, not as a new field, so no abstract text is lost or misfiled.
 */

/** The test collections a command needs are not where it looks (an operator can fix it). */
export class CollectionsMissingError extends AppError {
  constructor(message: string) {
    super(message, { code: 'collections', hint: COLLECTIONS_SOURCE });
  }
}

/** Where the collections come from: they are not in the repo. */
export const COLLECTIONS_SOURCE =
  'The Cranfield and CISI test collections come from the University of Glasgow IR group ' +
  '(http://ir.dcs.gla.ac.uk/resources/test_collections/cran/ and .../cisi/); unpack them into ../shared/eval/cranfield and ../shared/eval/cisi.';

export interface EvalDoc {
  id: number;
  title: string;
  authors: string;
  text: string;
}

export interface EvalQuery {
  id: number;
  text: string;
}

/** queryId → (docId → grade > 0). Only relevant pairs are kept. */
export type Qrels = Map<number, Map<number, number>>;

export interface Collection {
  name: string;
  docs: EvalDoc[];
  queries: EvalQuery[];
  qrels: Qrels;
}

export interface SmartRecord {
  id: string;
  /** Field marker letter → values, one per (non-continuation) occurrence. */
  fields: Map<string, string[]>;
}

const MARKER = /^\.([A-Z])(?:\s+(.*))?$/;

/** Splits SMART text into records; field values are whitespace-normalised. */
export function parseSmart(text: string): SmartRecord[] {
  const records: SmartRecord[] = [];
  let rec: SmartRecord | null = null;
  let field: string | null = null;
  let lines: string[] = [];
  const flush = (): void => {
    if (rec && field) {
      const value = lines.join(' ').replace(/\s+/g, ' ').trim();
      const values = rec.fields.get(field);
      if (values) values.push(value);
      else rec.fields.set(field, [value]);
    }
    lines = [];
  };
  const append = (): void => {
    // A stray marker continues the current field: merge into its last value.
    const values = rec && field ? rec.fields.get(field) : undefined;
    const prev = values?.pop();
    if (prev) lines.unshift(prev);
  };

  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\r$/, '');
    const m = MARKER.exec(line);
    if (m) {
      const letter = m[1]!;
      const rest = (m[2] ?? '').trim();
      if (letter === 'I') {
        flush();
        rec = { id: rest, fields: new Map() };
        records.push(rec);
        field = null;
        continue;
      }
      if (!rec) throw new Error(`SMART text: field .${letter} before the first .I record`);
      flush();
      if (rec.fields.has(letter) && field !== letter && field !== null) {
        // Stray marker inside another field: keep going in the current field.
        append();
        if (rest) lines.push(rest);
        continue;
      }
      field = letter;
      if (rest) lines.push(rest);
      continue;
    }
    if (field) lines.push(line);
  }
  flush();
  return records;
}

function one(rec: SmartRecord, letter: string, sep = ' '): string {
  return (rec.fields.get(letter) ?? []).filter((v) => v.length > 0).join(sep);
}

function toDocs(records: SmartRecord[]): EvalDoc[] {
  return records.map((r) => {
    const id = Number(r.id);
    if (!Number.isInteger(id)) throw new Error(`SMART document with a non-numeric id: ${r.id}`);
    return { id, title: one(r, 'T'), authors: one(r, 'A', '; '), text: one(r, 'W') };
  });
}

/** Cranfield: queries are renumbered 1..n by position (the file's .I numbers are not the qrels' numbers). */
export function parseCranfieldQueries(text: string): EvalQuery[] {
  return parseSmart(text).map((r, i) => ({ id: i + 1, text: one(r, 'W') }));
}

/** CISI: a query is its .T (when present) plus its .W; ids are the file's .I numbers. */
export function parseCisiQueries(text: string): EvalQuery[] {
  return parseSmart(text).map((r) => ({ id: Number(r.id), text: [one(r, 'T'), one(r, 'W')].filter(Boolean).join(' ') }));
}

/** Cranfield qrels `query doc code`: codes 1–4 are relevant with graded gain 5 − code; −1 is not relevant. */
export function parseCranfieldQrels(text: string): Qrels {
  const qrels: Qrels = new Map();
  for (const [n, line] of text.split(/\r?\n/).entries()) {
    const parts = line.trim().split(/\s+/);
    if (parts.length === 1 && parts[0] === '') continue;
    const [q, d, c] = parts.map(Number);
    if (parts.length !== 3 || !Number.isInteger(q) || !Number.isInteger(d) || !Number.isInteger(c)) {
      throw new Error(`cranqrel line ${n + 1}: expected "query doc code", got "${line}"`);
    }
    if (c! < 1 || c! > 4) continue;
    addQrel(qrels, q!, d!, 5 - c!);
  }
  return qrels;
}

/** CISI qrels `query doc 0 0.0`: every listed pair is relevant (grade 1). */
export function parseCisiQrels(text: string): Qrels {
  const qrels: Qrels = new Map();
  for (const [n, line] of text.split(/\r?\n/).entries()) {
    const parts = line.trim().split(/\s+/);
    if (parts.length === 1 && parts[0] === '') continue;
    const q = Number(parts[0]);
    const d = Number(parts[1]);
    if (parts.length < 2 || !Number.isInteger(q) || !Number.isInteger(d)) {
      throw new Error(`CISI.REL line ${n + 1}: expected "query doc ...", got "${line}"`);
    }
    addQrel(qrels, q, d, 1);
  }
  return qrels;
}

function addQrel(qrels: Qrels, q: number, d: number, grade: number): void {
  let m = qrels.get(q);
  if (!m) qrels.set(q, (m = new Map<number, number>()));
  m.set(d, Math.max(grade, m.get(d) ?? 0));
}

/** ../shared/eval next to the checkout (the design doc's location for the collections). */
export const EVAL_DIR = fileURLToPath(new URL('../../../shared/eval/', import.meta.url));

export function loadCranfield(dir = join(EVAL_DIR, 'cranfield')): Collection {
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  return {
    name: 'Cranfield',
    docs: toDocs(parseSmart(read('cran.all.1400'))),
    queries: parseCranfieldQueries(read('cran.qry')),
    qrels: parseCranfieldQrels(read('cranqrel')),
  };
}

export function loadCisi(dir = join(EVAL_DIR, 'cisi')): Collection {
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  return {
    name: 'CISI',
    docs: toDocs(parseSmart(read('CISI.ALL'))),
    queries: parseCisiQueries(read('CISI.QRY')),
    qrels: parseCisiQrels(read('CISI.REL')),
  };
}

/** The queries to evaluate: those with at least one relevant document. */
export function judgedQueries(c: Collection): EvalQuery[] {
  return c.queries.filter((q) => (c.qrels.get(q.id)?.size ?? 0) > 0);
}
