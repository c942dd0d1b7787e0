/**
 * UTF-8 decoding with Python's error handlers, as gensim applies them to words (`unicode_errors`).
 *
 * Invalid input is cut into "maximal subparts" (Unicode's recommended practice, which Python and the WHATWG
 * TextDecoder both follow): each maximal subpart becomes one U+FFFD under 'replace', nothing under 'ignore', and an
 * error under 'strict'. Valid input takes the fast path of the platform decoder.
 */
export type UnicodeErrors = 'strict' | 'ignore' | 'replace';

/** The first invalid sequence in a byte string: where it is (relative to the string) and why. */
export interface Utf8Problem {
  start: number;
  end: number;
  reason: 'invalid start byte' | 'invalid continuation byte' | 'unexpected end of data';
}

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Length of the valid sequence at `at`, or a problem (maximal subpart) when it is not valid. */
function sequenceAt(bytes: Uint8Array, at: number, end: number): number | Utf8Problem {
  const b = bytes[at];
  if (b < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else return { start: at, end: at + 1, reason: 'invalid start byte' };
  for (let k = 1; k <= need; k++) {
    if (at + k >= end) return { start: at, end, reason: 'unexpected end of data' };
    const c = bytes[at + k];
    if (c < lo || c > hi) return { start: at, end: at + k, reason: 'invalid continuation byte' };
    lo = 0x80;
    hi = 0xbf;
  }
  return need + 1;
}

/** The first invalid sequence in bytes[start, end), or null when it is valid UTF-8. Positions are relative to start. */
export function findUtf8Problem(bytes: Uint8Array, start: number, end: number): Utf8Problem | null {
  for (let at = start; at < end; ) {
    const r = sequenceAt(bytes, at, end);
    if (typeof r === 'number') at += r;
    else return { start: r.start - start, end: r.end - start, reason: r.reason };
  }
  return null;
}

/** Describes a problem the way Python does: "can't decode byte 0xca in position 1: invalid continuation byte". */
export function describeUtf8Problem(bytes: Uint8Array, offset: number, p: Utf8Problem): string {
  return p.end - p.start === 1
    ? `can't decode byte 0x${bytes[offset + p.start].toString(16).padStart(2, '0')} in position ${p.start}: ${p.reason}`
    : `can't decode bytes in position ${p.start}-${p.end - 1}: ${p.reason}`;
}

/**
 * Decodes bytes[start, end) as UTF-8. Under 'strict', returns a `Utf8Problem` instead of a string when the bytes are
 * not valid, so the caller can name the file and offset.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number, errors: UnicodeErrors): string | Utf8Problem {
  const view = bytes.subarray(start, end);
  if (errors === 'replace') return lenient.decode(view);
  try {
    return fatal.decode(view);
  } catch {
    if (errors === 'strict') return findUtf8Problem(bytes, start, end) as Utf8Problem;
  }
  // 'ignore': keep the valid sequences, drop each maximal invalid subpart.
  let out = '';
  let run = start;
  for (let at = start; at < end; ) {
    const r = sequenceAt(bytes, at, end);
    if (typeof r === 'number') at += r;
    else {
      out += lenient.decode(bytes.subarray(run, r.start));
      at = run = r.end;
    }
  }
  return out + lenient.decode(bytes.subarray(run, end));
}
