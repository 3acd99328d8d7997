import type { BuildProgress } from '../index/build.js';

const LABELS: Record<BuildProgress['phase'], string> = {
  load: 'loading',
  embed: 'embedding',
  hnsw: 'HNSW',
  lexical: 'lexical',
  write: 'writing',
  publish: 'publishing',
};

/**
 * A progress bar with ETA on a terminal; plain lines (every 10 %) otherwise, so CI logs and
 * pipes stay readable.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update: (p: BuildProgress) => void; done: () => void } {
  const tty = stream.isTTY === true;
  let phase: string | null = null;
  let phaseStart = 0;
  let lastDecile = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(p) {
      const now = performance.now();
      if (p.phase !== phase) {
        if (drawn && tty) stream.write('\n');
        phase = p.phase;
        phaseStart = now;
        lastDecile = -1;
        drawn = false;
      }
      if (p.total === 0) return;
      const frac = Math.min(1, p.done / p.total);
      const elapsed = (now - phaseStart) / 1000;
      const eta = frac > 0 ? (elapsed / frac) * (1 - frac) : NaN;
      const label = `${LABELS[p.phase]} ${p.done}/${p.total}`;
      if (tty) {
        if (now - lastDraw < 100 && p.done < p.total) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(frac * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${label} ETA ${formatSeconds(eta)}   `);
        drawn = true;
      } else {
        const decile = Math.floor(frac * 10);
        if (decile === lastDecile) return;
        lastDecile = decile;
        stream.write(`${label} (${(frac * 100).toFixed(0)}%, ETA ${formatSeconds(eta)})\n`);
      }
    },
    done() {
      if (drawn && tty) stream.write('\n');
    },
  };
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}
