/** How long an answer may take before the interaction is deferred (Discord allows 3 s to acknowledge). */
export const DEFER_AFTER_MS = 1500;

export interface Responder<T> {
  /** Answers in one callback, when the work finished in time. */
  reply(value: T): Promise<unknown>;
  /** Acknowledges now ("thinking…"), to answer later. */
  defer(): Promise<unknown>;
  /** Replaces the deferred acknowledgement with the answer. */
  edit(value: T): Promise<unknown>;
}

/**
 * Replies directly when the work is quick, and defers only when it is not. A direct reply is one
 * REST call instead of two, and interaction callbacks are outside discord.js's global request
 * budget, which the follow-up edits count against: under a burst, deferring everything makes
 * the edits queue behind that budget.
 */
export async function respondWhenReady<T>(work: Promise<T>, r: Responder<T>, deferAfterMs = DEFER_AFTER_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deferAfterMs);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), late]);
    if (first !== 'late') {
      await r.reply(first.value);
      return;
    }
  } finally {
    clearTimeout(timer);
  }
  await r.defer();
  await r.edit(await work);
}
