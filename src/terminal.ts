/**
 * The terminal's current line, shared by the progress display and the log: a status line (a
 * progress bar) is drawn without a newline, so anything else written to the terminal would land in
 * the middle of it. Writers go through `above`, which erases the status line, writes whole lines,
 * and draws the status line again below them.
 */

const ERASE_LINE = '\r\x1b[K';

/**
 * Cuts a line to fit a terminal `columns` wide, with an ellipsis when cut. One column is left
 * free: writing into the last column makes some terminals wrap, which leaves a stray line behind
 * every redraw.
 */
export function fitLine(text: string, columns: number | undefined): string {
  const width = columns === undefined || !Number.isFinite(columns) || columns <= 0 ? 80 : Math.floor(columns);
  const room = Math.max(1, width - 1);
  const chars = [...text];
  if (chars.length <= room) return text;
  return room === 1 ? '…' : `${chars.slice(0, room - 1).join('')}…`;
}

export class StatusLine {
  #text = '';

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get active(): boolean {
    return this.#text !== '';
  }

  /** Draws (or redraws) the status line, cut to the terminal's current width. */
  set(text: string): void {
    this.#text = fitLine(text, this.stream.columns);
    this.stream.write(`${ERASE_LINE}${this.#text}`);
  }

  /** Ends the status line where it is: it stays on screen, and later output starts below it. */
  done(): void {
    if (this.#text !== '') this.stream.write('\n');
    this.#text = '';
  }

  /** Writes whole lines to `out` without breaking into the status line. */
  above(out: NodeJS.WritableStream, lines: string): void {
    if (this.#text === '') {
      out.write(lines);
      return;
    }
    this.stream.write(ERASE_LINE);
    out.write(lines);
    this.stream.write(this.#text);
  }
}

/** The process's one status line on stderr, shared by the progress display and the pretty log. */
export const terminalStatus = new StatusLine(process.stderr);
