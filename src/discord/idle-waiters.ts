/**
 * Waiting for "nothing left in flight" with a deadline, shared by the work queue and the tracker of
 * replies on their way: the owner keeps the set of waiters and calls each one when it goes idle.
 */
export function waitUntilIdle(waiters: Set<() => void>, timeoutMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const onIdle = (): void => {
      clearTimeout(timer);
      waiters.delete(onIdle);
      resolve(true);
    };
    const timer = setTimeout(() => {
      waiters.delete(onIdle);
      resolve(false);
    }, timeoutMs);
    waiters.add(onIdle);
  });
}
