import type { BuildProgress } from '../index/build.js';
import { fitLine, StatusLine, terminalStatus } from '../terminal.js';

const LABELS: Record<BuildProgress['phase'], string> = {
  load: 'loading',
  embed: 'embedding',
  hnsw: 'HNSW',
  lexical: 'lexical',
  write: 'writing',
  publish: 'publishing',
};

const MAX_BAR = 30;
/** Narrower than this, a bar says nothing the percentage does not: it is left out. */
const MIN_BAR = 8;

/** One redraw of the bar, as wide as the terminal allows: the bar shrinks first, then the text is cut. */
export function progressLine(frac: number, label: string, etaSeconds: number, columns: number | undefined): string {
  const text = `${(frac * 100).toFixed(0).padStart(3)}% ${label} ETA ${formatSeconds(etaSeconds)}`;
  const width = columns === undefined || columns <= 0 ? 80 : columns;
  // 1 column kept free (see fitLine), 3 for "[" "]" and the space.
  const bar = Math.min(MAX_BAR, width - 1 - 3 - text.length);
  if (bar < MIN_BAR) return fitLine(text, width);
  const filled = Math.round(frac * bar);
  return `[${'#'.repeat(filled)}${'.'.repeat(bar - filled)}] ${text}`;
}

/**
 * A progress bar with ETA on a terminal, drawn on the shared status line so log lines pass above
 * it instead of through it; plain lines (every 10 %) otherwise, so CI logs and pipes stay readable.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update: (p: BuildProgress) => void; done: () => void } {
  const tty = stream.isTTY === true;
  const status = stream === process.stderr ? terminalStatus : new StatusLine(stream);
  let phase: string | null = null;
  let phaseStart = 0;
  let lastDecile = -1;
  let lastDraw = 0;
  return {
    update(p) {
      const now = performance.now();
      if (p.phase !== phase) {
        if (tty) status.done();
        phase = p.phase;
        phaseStart = now;
        lastDecile = -1;
      }
      if (p.total === 0) return;
      const frac = Math.min(1, p.done / p.total);
      const elapsed = (now - phaseStart) / 1000;
      const eta = frac > 0 ? (elapsed / frac) * (1 - frac) : NaN;
      const label = `${LABELS[p.phase]} ${p.done}/${p.total}`;
      if (tty) {
        if (now - lastDraw < 100 && p.done < p.total) return;
        lastDraw = now;
        status.set(progressLine(frac, label, eta, stream.columns));
      } else {
        const decile = Math.floor(frac * 10);
        if (decile === lastDecile) return;
        lastDecile = decile;
        stream.write(`${label} (${(frac * 100).toFixed(0)}%, ETA ${formatSeconds(eta)})\n`);
      }
    },
    done() {
      if (tty) status.done();
    },
  };
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}
