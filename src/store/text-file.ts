/** Byte-level helpers for the JSONL and TSV files: whole writes, header lines, line scanning. */
import { readSync, writeSync } from 'node:fs';
import { DictionaryError } from './dictionary-error.js';

const NEWLINE = 0x0a;

/** Writes buf[0, length) at `position`, however many write calls it takes. */
export function writeAll(fd: number, buf: Uint8Array, length: number, position: number): void {
  let done = 0;
  while (done < length) done += writeSync(fd, buf, done, length - done, position + done);
}

/** The first `count` lines of a file (without their '\n') and their length in bytes. */
export function readHeaderLines(fd: number, count: number, file: string, what: string): { lines: string[]; bytes: number } {
  let buf = Buffer.allocUnsafe(64 << 10);
  let have = 0;
  for (;;) {
    const n = readSync(fd, buf, have, buf.length - have, have);
    have += n;
    const lines: string[] = [];
    let s = 0;
    while (lines.length < count) {
      const nl = buf.subarray(0, have).indexOf(NEWLINE, s);
      if (nl < 0) break;
      lines.push(buf.toString('utf8', s, nl));
      s = nl + 1;
    }
    if (lines.length === count) return { lines, bytes: s };
    if (n === 0) {
      throw new DictionaryError(have === 0 ? `${file} is empty: it is not a simdict ${what} dictionary` : `${file} is not a simdict ${what} dictionary: it does not start with the metadata line`, file);
    }
    if (have === buf.length) {
      if (buf.length >= 64 << 20) throw new DictionaryError(`${file} is not a simdict ${what} dictionary: its first line is longer than 64 MiB`, file);
      buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
    }
  }
}

/**
 * Calls `line(view, start, end, offset)` for every line of the file from byte `from` on: view[start, end) is the line
 * without its '\n', `offset` its position in the file. A last line without '\n' counts too. Reads 4 MiB at a time.
 */
export function scanLines(fd: number, from: number, line: (view: Buffer, start: number, end: number, offset: number) => void): void {
  let buf = Buffer.allocUnsafe(4 << 20);
  let have = 0;
  let bufOffset = from; // file offset of buf[0]
  let readAt = from;
  for (;;) {
    const n = readSync(fd, buf, have, buf.length - have, readAt);
    readAt += n;
    have += n;
    const eof = n === 0;
    const view = buf.subarray(0, have);
    let s = 0;
    for (;;) {
      let nl = view.indexOf(NEWLINE, s);
      if (nl < 0) {
        if (!eof || s >= have) break;
        nl = have;
      }
      line(view, s, nl, bufOffset + s);
      s = nl + 1;
    }
    if (eof) return;
    if (s === 0 && have === buf.length) {
      buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]); // a line longer than the buffer
    } else {
      buf.copy(buf, 0, s, have);
      have -= s;
      bufOffset += s;
    }
  }
}
