import { watch, type FSWatcher } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { readCurrentVersion } from './layout.js';

export interface IndexWatcher {
  close(): void;
}

/**
 * Calls onNewVersion when INDEX_DIR/CURRENT names a new version. fs.watch reacts at once where
 * the platform supports it; a slow poll covers file systems where it does not. Calls never
 * overlap: a version published during a reload is picked up right after it.
 */
export function watchIndex(
  indexDir: string,
  currentVersion: string | null,
  onNewVersion: (version: string) => Promise<void>,
  opts: { pollMs?: number; onError?: (err: unknown) => void } = {},
): IndexWatcher {
  let known = currentVersion;
  let running = false;
  let again = false;
  let closed = false;

  const check = async (): Promise<void> => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const version = await readCurrentVersion(indexDir);
        if (version !== null && version !== known && !closed) {
          // A version that fails to load counts as seen too: the next publish gets a new name.
          known = version;
          await onNewVersion(version).catch((err: unknown) => opts.onError?.(err));
        }
      } while (again && !closed);
    } catch (err) {
      opts.onError?.(err);
    } finally {
      running = false;
    }
  };

  mkdirSync(indexDir, { recursive: true });
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(indexDir, () => void check());
    watcher.on('error', () => {});
  } catch {
    watcher = null;
  }
  const timer = setInterval(() => void check(), opts.pollMs ?? 2000);
  timer.unref();
  return {
    close() {
      closed = true;
      clearInterval(timer);
      watcher?.close();
    },
  };
}
