import { findUtf8Problem, decodeUtf8, type UnicodeErrors, type Utf8Problem } from './utf8.js';

/** Text encodings of model files, with the names gensim (Python) accepts for them. */
export type Encoding = 'utf8' | 'latin1';

const ENCODING_NAMES: Record<string, Encoding> = {
  utf8: 'utf8', 'utf-8': 'utf8', utf_8: 'utf8',
  latin1: 'latin1', 'latin-1': 'latin1', latin_1: 'latin1', 'iso-8859-1': 'latin1', iso8859_1: 'latin1', l1: 'latin1',
};

/** The encoding named `name` (case-insensitive), or undefined when it is not supported. */
export function encodingNamed(name: string): Encoding | undefined {
  return ENCODING_NAMES[name.toLowerCase()];
}

/** Turns the bytes of one word into a string, or reports where it is not valid in the encoding (strict only). */
export type WordDecoder = (bytes: Buffer, start: number, end: number) => string | Utf8Problem;

export function wordDecoder(encoding: Encoding, errors: UnicodeErrors): WordDecoder {
  if (encoding === 'latin1') return (bytes, start, end) => bytes.toString('latin1', start, end);
  if (errors === 'strict') {
    return (bytes, start, end) => {
      const s = bytes.toString('utf8', start, end);
      // U+FFFD is either in the file (valid) or marks invalid bytes: only then look closer.
      if (s.includes('\uFFFD')) {
        const problem = findUtf8Problem(bytes, start, end);
        if (problem) return problem;
      }
      return s;
    };
  }
  return (bytes, start, end) => decodeUtf8(bytes, start, end, errors);
}
