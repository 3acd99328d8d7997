import { describe, expect, it } from 'vitest';
import { respondWhenReady } from '../../src/discord/respond.js';

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    responder: {
      reply: async (v: string) => void calls.push(`reply:${v}`),
      defer: async () => void calls.push('defer'),
      edit: async (v: string) => void calls.push(`edit:${v}`),
    },
  };
}

const after = <T>(ms: number, v: T) => new Promise<T>((resolve) => setTimeout(() => resolve(v), ms));

describe('respondWhenReady', () => {
  it('replies in one callback when the work is quick', async () => {
    const { calls, responder } = recorder();
    await respondWhenReady(after(5, 'answer'), responder, 200);
    expect(calls).toEqual(['reply:answer']);
  });

  it('defers, then edits, when the work is slow', async () => {
    const { calls, responder } = recorder();
    await respondWhenReady(after(120, 'answer'), responder, 20);
    expect(calls).toEqual(['defer', 'edit:answer']);
  });

  it('a quick failure surfaces before anything is sent', async () => {
    const { calls, responder } = recorder();
    await expect(respondWhenReady(Promise.reject(new Error('boom')), responder, 200)).rejects.toThrow('boom');
    expect(calls).toEqual([]);
  });

  it('a slow failure surfaces after the deferral', async () => {
    const { calls, responder } = recorder();
    const slow = after(60, null).then(() => {
      throw new Error('late boom');
    });
    await expect(respondWhenReady(slow, responder, 10)).rejects.toThrow('late boom');
    expect(calls).toEqual(['defer']);
  });
});
