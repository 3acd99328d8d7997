import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fitLine, StatusLine } from '../../src/terminal.js';
import { progressLine } from '../../src/cli/progress.js';
import { createLogger, prettyLine } from '../../src/log.js';

/** A stream that records what was written, with a terminal width. */
function recorder(columns?: number): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  stream.write = (chunk: string) => {
    chunks.push(chunk);
    return true;
  };
  Object.assign(stream, { columns, isTTY: true, text: () => chunks.join('') });
  return stream;
}

describe('fitLine', () => {
  it('leaves a line that fits alone, keeping the last column free', () => {
    expect(fitLine('12345', 6)).toBe('12345');
    expect(fitLine('123456', 6)).toBe('1234…');
  });
  it('cuts by characters, not UTF-16 units, and copes with tiny or unknown widths', () => {
    expect(fitLine('ééééé', 4)).toBe('éé…');
    expect(fitLine('abc', 1)).toBe('…');
    expect(fitLine('x'.repeat(100), undefined)).toHaveLength(79);
    expect(fitLine('x'.repeat(100), 0)).toHaveLength(79);
  });
});

describe('progressLine', () => {
  it('draws a 30-character bar on a wide terminal', () => {
    expect(progressLine(0.5, 'embedding 50/100', 3, 120)).toBe(`[${'#'.repeat(15)}${'.'.repeat(15)}]  50% embedding 50/100 ETA 3s`);
  });
  it('never reaches the last column, however narrow the terminal', () => {
    for (const columns of [10, 20, 40, 50, 60, 80]) {
      const line = progressLine(0.42, 'embedding 4200/10000', 75, columns);
      expect([...line].length, `${columns} columns`).toBeLessThan(columns);
    }
  });
  it('shrinks the bar first, then drops it, keeping the numbers', () => {
    expect(progressLine(0.5, 'embedding 50/100', 3, 50)).toMatch(/^\[[#.]{9,}\] {2}50% embedding 50\/100 ETA 3s$/);
    expect(progressLine(0.5, 'embedding 50/100', 3, 40)).toBe('[####....]  50% embedding 50/100 ETA 3s');
    expect(progressLine(0.5, 'embedding 50/100', 3, 35)).toBe(' 50% embedding 50/100 ETA 3s');
    expect(progressLine(0.5, 'embedding 50/100', 3, 20)).toBe(' 50% embedding 50/…');
  });
});

describe('StatusLine', () => {
  it('erases itself for lines written above it, then draws itself again', () => {
    const err = recorder(40);
    const out = recorder();
    const status = new StatusLine(err);
    status.set('[####....] 50%');
    status.above(out, 'a log line\n');
    expect(out.text()).toBe('a log line\n');
    expect(err.text()).toBe('\r\x1b[K[####....] 50%\r\x1b[K[####....] 50%');
    status.done();
    status.above(out, 'after\n');
    expect(err.text().endsWith('\n')).toBe(true);
    expect(out.text()).toBe('a log line\nafter\n');
  });
  it('fits what it draws to the terminal width', () => {
    const err = recorder(12);
    new StatusLine(err).set('a status line much wider than twelve');
    expect(err.text()).toBe('\r\x1b[Ka status l…');
  });
});

describe('log formats', () => {
  it('pretty: time, level, message and fields on one line; an error as its message, no stack', () => {
    const err = new TypeError('socket closed');
    const line = prettyLine(
      JSON.stringify({
        level: 40,
        time: Date.UTC(2026, 0, 2, 3, 4, 5),
        pid: 1,
        hostname: 'h',
        msg: 'gateway disconnected',
        code: 4000,
        err: { type: 'TypeError', message: err.message, stack: err.stack },
      }),
      false,
    );
    expect(line).toBe('03:04:05 WARN  gateway disconnected code=4000 err="TypeError: socket closed"\n');
  });
  it('pretty at debug level adds the stack under the line', () => {
    const err = new Error('boom');
    const line = prettyLine(
      JSON.stringify({ level: 50, time: 0, msg: 'failed', err: { type: 'Error', message: 'boom', stack: err.stack } }),
      true,
    );
    expect(line).toMatch(/^00:00:00 ERROR failed err="Error: boom"\n {4}Error: boom\n {4}\s*at /);
  });
  it('createLogger: JSON lines unless asked for pretty, token redacted either way', () => {
    const json = recorder();
    Object.assign(json, { isTTY: false });
    createLogger({ destination: json }).info({ token: 'secret' }, 'hello');
    expect(JSON.parse(json.text())).toMatchObject({ msg: 'hello', token: '[redacted]' });
    const pretty = recorder();
    createLogger({ destination: pretty, format: 'pretty' }).info({ token: 'secret' }, 'hello');
    expect(pretty.text()).toMatch(/^\d\d:\d\d:\d\d INFO {2}hello token=\[redacted\]\n$/);
    const tty = recorder();
    createLogger({ destination: tty }).warn('on a terminal');
    expect(tty.text()).toMatch(/ WARN {2}on a terminal\n$/);
  });
});
