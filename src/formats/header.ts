import { clip } from '../checks/quote-word.js';
import { ModelFormatError } from './model-format-error.js';

/** The first line of a word2vec file: the number of words and the vector dimension. */
export interface Header {
  count: number;
  dim: number;
}

const WHOLE_NUMBER = /^\+?[0-9]+$/;

/**
 * Parses a header line (without its line end). Returns the header, or a sentence saying why the line is not one.
 * Like gensim, any ASCII whitespace separates the two numbers and a trailing `\r` is fine.
 */
export function parseHeader(line: string): Header | string {
  const fields = line.trim().split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 2) {
    return `expected a header of two whole numbers, the word count and the dimension (like "3000000 300"), found ${fields.length} field${fields.length === 1 ? '' : 's'}: ${JSON.stringify(clip(line))}`;
  }
  for (const f of fields) {
    if (f.startsWith('-') && WHOLE_NUMBER.test(f.slice(1))) return `the header's numbers must not be negative, found ${JSON.stringify(clip(line))}`;
    if (!WHOLE_NUMBER.test(f)) return `expected a header of two whole numbers, the word count and the dimension (like "3000000 300"), found ${JSON.stringify(clip(line))}`;
  }
  const [count, dim] = fields.map(Number);
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(dim)) return `the header's numbers are too large: ${JSON.stringify(clip(line))}`;
  return { count, dim };
}

/** Throws a ModelFormatError when the header's matrix cannot be allocated or cannot fit in the file. */
export function checkHeaderSize(file: string, header: Header, minBytesPerValue: number, fileBytes: number | undefined): void {
  if (header.count > 0 && header.dim === 0) {
    throw new ModelFormatError(file, `the header announces ${header.count} words of dimension 0`, { line: 1 });
  }
  const values = header.count * header.dim;
  if (fileBytes !== undefined && values * minBytesPerValue > fileBytes) {
    throw new ModelFormatError(
      file,
      `the header announces ${header.count} words x ${header.dim} dimensions, which cannot fit in the file's ${fileBytes} bytes: is the header right?`,
      { line: 1 },
    );
  }
  if (values * 4 > 2 ** 40) throw new ModelFormatError(file, `the header announces ${header.count} x ${header.dim} values, more than simdict can hold`, { line: 1 });
}
