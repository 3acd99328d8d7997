/**
 * Parsing and validation of what a user types for a digest: a time of day and an IANA time zone.
 * Pure: the only outside knowledge is the ICU time-zone list that ships with Node.
 */
import { AppError } from '../errors.js';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** A mistake a user can make in a command option; `message` is meant to be shown to them as is. */
export class DigestInputError extends AppError {
  constructor(message: string) {
    super(message, { exitCode: 2, code: 'input' });
  }
}

/** Echoed user text is cut short so an error message never becomes a wall of text. */
function echo(input: string): string {
  const trimmed = input.trim();
  return trimmed.length > 40 ? `${trimmed.slice(0, 39)}…` : trimmed || '(empty)';
}

/** "09:05", "9:05" (also "9h05", "9.05") → { hour: 9, minute: 5 }. Throws DigestInputError otherwise. */
export function parseTimeOfDay(input: string): TimeOfDay {
  const match = /^\s*(\d{1,2})[:h.](\d{2})\s*$/i.exec(input);
  const hour = match ? Number(match[1]) : NaN;
  const minute = match ? Number(match[2]) : NaN;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) {
    throw new DigestInputError(`${echo(input)} is not a time of day (use HH:MM, 00:00–23:59)`);
  }
  return { hour, minute };
}

/** The canonical "HH:MM" spelling, which is also how the store keeps it. */
export function formatTimeOfDay(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** Accepts either a parsed time or its "HH:MM" spelling (as stored). */
export function toTimeOfDay(time: TimeOfDay | string): TimeOfDay {
  return typeof time === 'string' ? parseTimeOfDay(time) : time;
}

// ---------------------------------------------------------------------------------------------
// Time zones

/**
 * Current IANA names that Node's ICU lists under an older spelling (ICU keeps the legacy id as
 * canonical, so Intl.supportedValuesOf says "Asia/Calcutta"). Users search for the modern name.
 */
const MODERN_NAMES: Record<string, string> = {
  'Asia/Kolkata': 'Asia/Calcutta',
  'Europe/Kyiv': 'Europe/Kiev',
  'Asia/Ho_Chi_Minh': 'Asia/Saigon',
  'Asia/Kathmandu': 'Asia/Katmandu',
  'Asia/Yangon': 'Asia/Rangoon',
  'America/Nuuk': 'America/Godthab',
  'Atlantic/Faroe': 'Atlantic/Faeroe',
  'Pacific/Chuuk': 'Pacific/Truk',
  'Pacific/Pohnpei': 'Pacific/Ponape',
  'Pacific/Kanton': 'Pacific/Enderbury',
  'America/Argentina/Buenos_Aires': 'America/Buenos_Aires',
  'America/Argentina/Catamarca': 'America/Catamarca',
  'America/Argentina/Cordoba': 'America/Cordoba',
  'America/Argentina/Jujuy': 'America/Jujuy',
  'America/Argentina/Mendoza': 'America/Mendoza',
  'America/Indiana/Indianapolis': 'America/Indianapolis',
  'America/Kentucky/Louisville': 'America/Louisville',
  'America/Atikokan': 'America/Coral_Harbour',
  'Africa/Asmara': 'Africa/Asmera',
};

/** Abbreviations people type; they are not zones (or are fixed offsets without DST), so we point to one. */
const ABBREVIATIONS: Record<string, string> = {
  est: 'America/New_York',
  edt: 'America/New_York',
  et: 'America/New_York',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  pt: 'America/Los_Angeles',
  cet: 'Europe/Paris',
  cest: 'Europe/Paris',
  bst: 'Europe/London',
  ist: 'Asia/Kolkata',
  jst: 'Asia/Tokyo',
  aest: 'Australia/Sydney',
  gmt: 'UTC',
};

/** What an empty autocomplete shows first. */
const POPULAR = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Australia/Sydney',
  'Pacific/Auckland',
];

function intlAccepts(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

interface ZoneCatalogue {
  /** Names offered by search: modern spellings, legacy twins hidden. Sorted. */
  searchable: string[];
  /** Lower-case name → accepted spelling, for everything we accept by name (includes legacy twins). */
  byLowerName: Map<string, string>;
}

let catalogue: ZoneCatalogue | null = null;

function zones(): ZoneCatalogue {
  if (catalogue) return catalogue;
  const listed = new Set(Intl.supportedValuesOf('timeZone'));
  listed.add('UTC');
  const hidden = new Set<string>();
  const modern: string[] = [];
  for (const [name, legacy] of Object.entries(MODERN_NAMES)) {
    if (listed.has(name) || intlAccepts(name) === null) continue;
    modern.push(name);
    if (listed.has(legacy)) hidden.add(legacy);
  }
  const all = [...listed, ...modern];
  const byLowerName = new Map(all.map((name) => [name.toLowerCase(), name]));
  const searchable = all.filter((name) => !hidden.has(name)).sort();
  catalogue = { searchable, byLowerName };
  return catalogue;
}

/** Lower case, spaces and dashes as underscores: "new york" and "New_York" compare equal. */
function normalize(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? Math.max(a.length, b.length);
}

/** The closest searchable name by edit distance on the full name or its city, if close enough. */
function suggest(input: string): string | null {
  const query = normalize(input);
  if (!query) return null;
  const abbreviation = ABBREVIATIONS[query];
  if (abbreviation) return abbreviation;
  let best: { name: string; distance: number } | null = null;
  for (const name of zones().searchable) {
    const lower = name.toLowerCase();
    const city = lower.slice(lower.lastIndexOf('/') + 1);
    const distance = Math.min(levenshtein(query, lower), levenshtein(query, city));
    // Allow roughly one typo per three letters; anything further is a guess, not a suggestion.
    if (distance > Math.max(1, Math.floor(query.length / 3))) continue;
    if (!best || distance < best.distance || (distance === best.distance && name.length < best.name.length)) {
      best = { name, distance };
    }
  }
  return best?.name ?? null;
}

/**
 * Returns the zone name to store ("europe/paris" → "Europe/Paris"; "US/Eastern" → "America/New_York").
 * Bare abbreviations (EST, CET…) are refused: they are either unknown or fixed offsets without DST.
 * Throws DigestInputError "Mars/Olympus is not a time zone; try Europe/Paris".
 */
export function validateTimeZone(input: string): string {
  const trimmed = input.trim();
  const known = zones().byLowerName.get(trimmed.toLowerCase()) ?? zones().byLowerName.get(normalize(trimmed));
  if (known) return known;
  // Backward-compatible links ICU knows but does not list (US/Eastern, Etc/GMT+5…).
  if (trimmed.includes('/')) {
    const resolved = intlAccepts(trimmed);
    if (resolved) return resolved;
  }
  throw new DigestInputError(`${echo(input)} is not a time zone; try ${suggest(trimmed) ?? 'Europe/Paris'}`);
}

/**
 * Autocomplete: zone names matching a prefix of the whole name or of any of its words
 * ("paris" → Europe/Paris, "york" → America/New_York, "new y" → America/New_York). Best matches first.
 */
export function searchTimeZones(prefix: string, limit = 25): string[] {
  const query = normalize(prefix);
  if (!query) {
    const popular = POPULAR.filter((name) => zones().byLowerName.has(name.toLowerCase()));
    return popular.slice(0, limit);
  }
  const scored: { name: string; score: number }[] = [];
  for (const name of zones().searchable) {
    const lower = name.toLowerCase();
    let score: number;
    if (lower === query) score = 0;
    else if (lower.startsWith(query)) score = 1;
    else if (lower.split('/').some((part) => part.startsWith(query))) score = 2;
    else if (lower.split(/[/_]/).some((part) => part.startsWith(query))) score = 3;
    else if (lower.includes(query)) score = 4;
    else continue;
    scored.push({ name, score });
  }
  const abbreviation = ABBREVIATIONS[query];
  if (abbreviation && !scored.some((s) => s.name === abbreviation)) scored.push({ name: abbreviation, score: 0.5 });
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map((s) => s.name);
}
