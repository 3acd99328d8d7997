import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestScheduler, type Postable } from '../../src/digest/scheduler.js';
import { openDigestStore, type DigestStore } from '../../src/digest/store.js';

describe('the digest loop', () => {
  let dir = '';
  let store: DigestStore | null = null;
  afterEach(() => {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('survives a store error while working out its next wake-up, logs it, and keeps running', async () => {
    dir = mkdtempSync(join(tmpdir(), 'papershelf-sched-'));
    const real = openDigestStore(join(dir, 'state.db'));
    store = real;
    // The real store, whose listing fails once: the 2nd call is the first pass's nextWakeAt.
    let calls = 0;
    const flaky: DigestStore = Object.create(real, {
      listSubscriptions: {
        value: (guildId?: string) => {
          calls += 1;
          if (calls === 2) throw new Error('database is locked');
          return real.listSubscriptions(guildId);
        },
      },
    }) as DigestStore;
    const errors: string[] = [];
    const log = { info: () => {}, warn: () => {}, error: (_o: unknown, msg?: string) => void errors.push(msg ?? '') };
    const scheduler = new DigestScheduler<Postable>({
      store: flaky,
      log,
      serves: () => true,
      prepare: async () => null,
      post: async () => 'm1',
      maxSleepMs: 10,
    });
    scheduler.start();
    const deadline = Date.now() + 2000;
    while (calls < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await scheduler.stop();
    expect(errors).toEqual([expect.stringMatching(/could not work out its next wake-up; trying again/)]);
    // Passes went on after the failure.
    expect(calls).toBeGreaterThanOrEqual(6);
  });
});
