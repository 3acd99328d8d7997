import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/discord/rate-limit.js';

function fakeClock(start = 5_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('RateLimiter', () => {
  it('allows 5 requests per 30 s by default, then says how long to wait', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ now: clock.now });
    for (let i = 0; i < 5; i += 1) {
      expect(limiter.check('u1')).toEqual({ ok: true });
      clock.advance(1000);
    }
    // First request was 5 s ago: it leaves the window in 25 s.
    expect(limiter.check('u1')).toEqual({ ok: false, retryAfterSeconds: 25 });
  });

  it('slides: a slot frees exactly when the oldest request leaves the window', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ now: clock.now, limit: 2, windowMs: 10_000 });
    limiter.check('u');
    clock.advance(4000);
    limiter.check('u');
    clock.advance(5999);
    expect(limiter.check('u')).toEqual({ ok: false, retryAfterSeconds: 1 });
    clock.advance(1);
    expect(limiter.check('u')).toEqual({ ok: true });
    expect(limiter.check('u')).toEqual({ ok: false, retryAfterSeconds: 4 });
  });

  it('rounds retry-after up and never below 1', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ now: clock.now, limit: 1, windowMs: 2500 });
    limiter.check('u');
    expect(limiter.check('u')).toEqual({ ok: false, retryAfterSeconds: 3 });
    clock.advance(2499);
    expect(limiter.check('u')).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('does not count refused requests', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ now: clock.now, limit: 1, windowMs: 1000 });
    limiter.check('u');
    for (let i = 0; i < 10; i += 1) limiter.check('u');
    clock.advance(1000);
    expect(limiter.check('u')).toEqual({ ok: true });
  });

  it('keeps users independent', () => {
    const limiter = new RateLimiter({ now: fakeClock().now, limit: 1 });
    expect(limiter.check('a').ok).toBe(true);
    expect(limiter.check('b').ok).toBe(true);
    expect(limiter.check('a').ok).toBe(false);
  });

  it('forgets users idle for a whole window', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ now: clock.now, windowMs: 1000 });
    for (let i = 0; i < 100; i += 1) limiter.check(`user${i}`);
    expect(limiter.trackedUsers).toBe(100);
    clock.advance(1000);
    limiter.check('newcomer');
    expect(limiter.trackedUsers).toBe(1);
  });

  it('caps the number of users tracked, forgetting the least recently active', () => {
    const limiter = new RateLimiter({ now: fakeClock().now, limit: 1, maxUsers: 3 });
    for (const u of ['a', 'b', 'c']) limiter.check(u);
    limiter.check('a'); // refused, but a is now the most recently active
    limiter.check('d');
    expect(limiter.trackedUsers).toBe(3);
    expect(limiter.check('a').ok).toBe(false); // still remembered
    expect(limiter.check('b').ok).toBe(true); // forgotten, so allowed again
  });

  it('rejects a non-positive limit', () => {
    expect(() => new RateLimiter({ limit: 0 })).toThrow(RangeError);
  });
});
