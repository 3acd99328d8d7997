import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/discord/in-flight.js';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('InFlight', () => {
  it('settles once every tracked handler is done, including one tracked while waiting', async () => {
    const inFlight = new InFlight();
    inFlight.track(later(20, 'a'));
    const settled = inFlight.settle(2000);
    inFlight.track(later(60, 'b'));
    expect(inFlight.size).toBe(2);
    const started = Date.now();
    expect(await settled).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(inFlight.size).toBe(0);
  });

  it('a failed handler counts as done; nothing in flight settles at once; a timeout says false', async () => {
    const inFlight = new InFlight();
    expect(await inFlight.settle(0)).toBe(true);
    inFlight.track(Promise.reject(new Error('handler failed')));
    expect(await inFlight.settle(1000)).toBe(true);
    inFlight.track(later(500, null));
    expect(await inFlight.settle(10)).toBe(false);
  });
});
