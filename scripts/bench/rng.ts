/** mulberry32: a tiny seeded PRNG, so the same seed gives the same shelf on every machine. */
/** Function-valued properties (closures over the seed), so `const { next } = rng` is safe. */
export interface Rng {
  /** Uniform in [0, 1). */
  next: () => number;
  /** Integer in [lo, hi], inclusive. */
  int: (lo: number, hi: number) => number;
  pick: <T>(items: readonly T[]) => T;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}
