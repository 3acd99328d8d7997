/**
 * State behind message buttons ("More results", "Full abstract"), kept in memory under a
 * short random id that fits in a custom_id. Bounded twice: least-recently-used entries are
 * evicted past `maxEntries`, and entries expire `ttlMs` after they were stored. A missing id
 * (expired, evicted, or from before a restart) reads as undefined, and the bot answers
 * "this result has expired, ask again".
 */
import { randomBytes } from 'node:crypto';
import { LIMITS } from './limits.js';

export interface ButtonStoreOptions {
  maxEntries?: number;
  ttlMs?: number;
  now?: () => number;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/** 9 random bytes: 12 base64url characters, 72 bits, so guessing another user's id is hopeless. */
const ID_BYTES = 9;

export class ButtonStore<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(opts: ButtonStoreOptions = {}) {
    this.#maxEntries = opts.maxEntries ?? 1_000;
    this.#ttlMs = opts.ttlMs ?? 15 * 60_000;
    this.#now = opts.now ?? Date.now;
    if (this.#maxEntries < 1) throw new RangeError(`ButtonStore: maxEntries must be at least 1, got ${this.#maxEntries}`);
  }

  /** Stores the state and returns its new id. */
  put(value: T): string {
    let id = randomBytes(ID_BYTES).toString('base64url');
    while (this.#entries.has(id)) id = randomBytes(ID_BYTES).toString('base64url');
    this.#entries.set(id, { value, expiresAt: this.#now() + this.#ttlMs });
    // Map iteration order is insertion order; get() re-inserts, so the first key is the LRU.
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    return id;
  }

  /** The state, or undefined if the id is unknown, evicted or expired. Marks it recently used. */
  get(id: string): T | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    if (this.#now() >= entry.expiresAt) return undefined;
    this.#entries.set(id, entry);
    return entry.value;
  }

  delete(id: string): boolean {
    return this.#entries.delete(id);
  }

  /** Entries held, including expired ones not yet looked up (bounded by maxEntries either way). */
  get size(): number {
    return this.#entries.size;
  }
}

/** "prefix:id", e.g. buttonCustomId('ask:more', id) → "ask:more:Ab3…". Throws past Discord's 100. */
export function buttonCustomId(prefix: string, id: string): string {
  const customId = `${prefix}:${id}`;
  if (customId.length > LIMITS.customId) {
    throw new RangeError(`custom_id "${customId}" is ${customId.length} characters; Discord allows ${LIMITS.customId}`);
  }
  return customId;
}

/** The id of a custom_id made by `buttonCustomId(prefix, …)`, or undefined if it has another prefix. */
export function parseButtonCustomId(customId: string, prefix: string): string | undefined {
  const head = `${prefix}:`;
  return customId.startsWith(head) && customId.length > head.length ? customId.slice(head.length) : undefined;
}
