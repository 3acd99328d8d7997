import { describe, expect, it } from 'vitest';
import { QueueClosedError, QueueFullError, WorkQueue } from '../../src/discord/work-queue.js';

/** A promise with its resolve handle, to control when a task finishes. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('WorkQueue', () => {
  it('runs tasks one at a time in arrival order', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxQueued: 50 });
    const log: string[] = [];
    let active = 0;
    let maxActive = 0;
    const task = (name: string) => async (): Promise<string> => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      active -= 1;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((n) => queue.run(task(n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(maxActive).toBe(1);
  });

  it('honours concurrency above one', async () => {
    const queue = new WorkQueue({ concurrency: 2 });
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      queue.run(async () => {
        started.push(i);
        await g.promise;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(queue.running).toBe(2);
    expect(queue.waiting).toBe(1);
    gates[0]?.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[1]?.resolve();
    gates[2]?.resolve();
    await Promise.all(runs);
  });

  it('refuses at once with QueueFullError when maxQueued are waiting', async () => {
    const queue = new WorkQueue({ concurrency: 1, maxQueued: 2 });
    const gate = deferred();
    const running = queue.run(() => gate.promise);
    const waiting = [queue.run(async () => 1), queue.run(async () => 2)];
    await expect(queue.run(async () => 3)).rejects.toBeInstanceOf(QueueFullError);
    expect(queue.waiting).toBe(2);
    gate.resolve();
    await running;
    expect(await Promise.all(waiting)).toEqual([1, 2]);
    // Room again once the backlog has cleared.
    await expect(queue.run(async () => 4)).resolves.toBe(4);
  });

  it('a failing task rejects its caller without stalling the queue', async () => {
    const queue = new WorkQueue();
    const failing = queue.run(async () => {
      throw new Error('boom');
    });
    const throwingSync = queue.run((): Promise<never> => {
      throw new Error('sync boom');
    });
    const next = queue.run(async () => 'still runs');
    await expect(failing).rejects.toThrow('boom');
    await expect(throwingSync).rejects.toThrow('sync boom');
    await expect(next).resolves.toBe('still runs');
    expect(queue.running).toBe(0);
  });

  it('drain stops accepting work and waits for what was accepted', async () => {
    const queue = new WorkQueue();
    const gate = deferred();
    const done: string[] = [];
    const first = queue.run(async () => {
      await gate.promise;
      done.push('first');
    });
    const second = queue.run(async () => {
      done.push('second');
    });
    const drained = queue.drain(5000);
    await expect(queue.run(async () => 'late')).rejects.toBeInstanceOf(QueueClosedError);
    gate.resolve();
    await expect(drained).resolves.toBe(true);
    expect(done).toEqual(['first', 'second']);
    await Promise.all([first, second]);
  });

  it('drain resolves false when work outlasts the timeout, and true at once when idle', async () => {
    const queue = new WorkQueue();
    const gate = deferred();
    const stuck = queue.run(() => gate.promise);
    await expect(queue.drain(20)).resolves.toBe(false);
    gate.resolve();
    await stuck;
    await expect(queue.drain(20)).resolves.toBe(true);
    await expect(new WorkQueue().drain(0)).resolves.toBe(true);
  });

  it('lets several drain calls wait together', async () => {
    const queue = new WorkQueue();
    const gate = deferred();
    void queue.run(() => gate.promise);
    const a = queue.drain(5000);
    const b = queue.drain(5000);
    gate.resolve();
    await expect(Promise.all([a, b])).resolves.toEqual([true, true]);
  });
});
