import { describe, expect, it } from 'vitest';
import { ButtonStore, buttonCustomId, parseButtonCustomId } from '../../src/discord/button-store.js';

interface State {
  query: string;
  page: number;
  userId: string;
}

function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const state = (i: number): State => ({ query: `q${i}`, page: 1, userId: 'u' });

describe('ButtonStore', () => {
  it('stores state under a short id that fits a custom_id', () => {
    const store = new ButtonStore<State>();
    const id = store.put(state(1));
    expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(buttonCustomId('ask:more', id).length).toBeLessThanOrEqual(100);
    expect(store.get(id)).toEqual(state(1));
  });

  it('gives distinct ids', () => {
    const store = new ButtonStore<State>();
    const ids = new Set(Array.from({ length: 500 }, (_, i) => store.put(state(i))));
    expect(ids.size).toBe(500);
  });

  it('expires entries after 15 minutes by default', () => {
    const clock = fakeClock();
    const store = new ButtonStore<State>({ now: clock.now });
    const id = store.put(state(1));
    clock.advance(15 * 60_000 - 1);
    expect(store.get(id)).toEqual(state(1));
    clock.advance(1);
    expect(store.get(id)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('honours a custom ttl and does not extend it on reads', () => {
    const clock = fakeClock();
    const store = new ButtonStore<State>({ now: clock.now, ttlMs: 1000 });
    const id = store.put(state(1));
    clock.advance(600);
    expect(store.get(id)).toBeDefined();
    clock.advance(600);
    expect(store.get(id)).toBeUndefined();
  });

  it('evicts the least recently used entry past maxEntries (default 1000)', () => {
    const store = new ButtonStore<State>();
    const ids = Array.from({ length: 1000 }, (_, i) => store.put(state(i)));
    expect(store.size).toBe(1000);
    store.get(ids[0] ?? ''); // touch the oldest: ids[1] becomes the LRU
    store.put(state(1000));
    expect(store.size).toBe(1000);
    expect(store.get(ids[0] ?? '')).toEqual(state(0));
    expect(store.get(ids[1] ?? '')).toBeUndefined();
  });

  it('returns undefined for unknown ids and supports delete', () => {
    const store = new ButtonStore<State>({ maxEntries: 2 });
    expect(store.get('nope')).toBeUndefined();
    const id = store.put(state(1));
    expect(store.delete(id)).toBe(true);
    expect(store.get(id)).toBeUndefined();
  });

  it('rejects a non-positive bound', () => {
    expect(() => new ButtonStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});

describe('buttonCustomId / parseButtonCustomId', () => {
  it('round-trips and refuses other prefixes', () => {
    const customId = buttonCustomId('ask:more', 'abc123');
    expect(customId).toBe('ask:more:abc123');
    expect(parseButtonCustomId(customId, 'ask:more')).toBe('abc123');
    expect(parseButtonCustomId(customId, 'ask:abs')).toBeUndefined();
    expect(parseButtonCustomId('ask:more:', 'ask:more')).toBeUndefined();
  });

  it('throws when the custom_id would exceed 100 characters', () => {
    expect(buttonCustomId('p', 'x'.repeat(98))).toHaveLength(100);
    expect(() => buttonCustomId('p', 'x'.repeat(99))).toThrow(RangeError);
  });
});
