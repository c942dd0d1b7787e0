/**
 * Parses one number token of a text model into float32, as gensim's `numpy.float32(token)` does for every spelling
 * that C's `strtof` also accepts: optional sign, digits with an optional point, an optional exponent, and
 * `inf` / `infinity` / `nan` in any case. The decimal is rounded to double, then to float32 (gensim's double
 * rounding). Python-only spellings (`1_0`, non-ASCII digits, hex) are rejected.
 *
 * Works on bytes, without making a string, for speed: Clinger's fast path (at most 15 significant digits and a
 * power of ten up to 22) is exact in double arithmetic; anything longer goes through `Number()`.
 *
 * Writes the value into `out[at]` (through `bits` for NaN, to keep its sign bit as numpy does) and returns true,
 * or returns false when the token is not a number.
 */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const latin1 = new TextDecoder('latin1');

export function parseFloat32(bytes: Uint8Array, start: number, end: number, out: Float32Array, bits: Uint32Array, at: number): boolean {
  let i = start;
  // Python's float() and strtof both skip ASCII whitespace around the number.
  while (i < end && isSpace(bytes[i])) i++;
  while (end > i && isSpace(bytes[end - 1])) end--;
  if (i === end) return false;
  let negative = false;
  if (bytes[i] === 0x2d || bytes[i] === 0x2b) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  const unsignedStart = i;
  let mantissa = 0;
  let digits = 0; // significant digits taken into mantissa
  let scale = 0; // decimal exponent adjustment
  let sawDigit = false;
  let c = 0;
  for (; i < end; i++) {
    c = bytes[i] - 0x30;
    if (c < 0 || c > 9) break;
    sawDigit = true;
    if (digits > 0 || c !== 0) {
      if (digits < 19) mantissa = mantissa * 10 + c;
      else scale++;
      digits++;
    }
  }
  if (i < end && bytes[i] === 0x2e) {
    for (i++; i < end; i++) {
      c = bytes[i] - 0x30;
      if (c < 0 || c > 9) break;
      sawDigit = true;
      if (digits > 0 || c !== 0) {
        if (digits < 19) {
          mantissa = mantissa * 10 + c;
          scale--;
        }
        digits++;
      } else scale--;
    }
  }
  if (!sawDigit) return special(bytes, i, end, negative, out, bits, at);
  let exponent = 0;
  if (i < end && (bytes[i] | 0x20) === 0x65) {
    i++;
    let expNegative = false;
    if (i < end && (bytes[i] === 0x2d || bytes[i] === 0x2b)) {
      expNegative = bytes[i] === 0x2d;
      i++;
    }
    const expStart = i;
    for (; i < end; i++) {
      c = bytes[i] - 0x30;
      if (c < 0 || c > 9) break;
      if (exponent < 100000) exponent = exponent * 10 + c;
    }
    if (i === expStart) return false;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return false;
  let value: number;
  const e = scale + exponent;
  if (digits <= 15 && e >= -22 && e <= 22) {
    value = e >= 0 ? mantissa * POW10[e] : mantissa / POW10[-e];
  } else {
    value = Number(latin1.decode(bytes.subarray(unsignedStart, end)));
  }
  out[at] = negative ? -value : value;
  return true;
}

function isSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/** inf, infinity, nan in any case (the sign already taken). */
function special(bytes: Uint8Array, i: number, end: number, negative: boolean, out: Float32Array, bits: Uint32Array, at: number): boolean {
  const word = latin1.decode(bytes.subarray(i, end)).toLowerCase();
  if (word === 'inf' || word === 'infinity') {
    out[at] = negative ? -Infinity : Infinity;
    return true;
  }
  if (word === 'nan') {
    bits[at] = negative ? 0xffc00000 : 0x7fc00000;
    return true;
  }
  return false;
}

/**
 * The hot path of text loading: parses the number starting at `start` and ending at the next space (or `end`),
 * writes it to `out[at]`, and returns where it ended — or -1 when the token is not a number. Plain decimals of up to
 * 15 significant digits with a power of ten up to 22 (every value of a typical model) are handled in one pass;
 * anything else goes to `parseFloat32`, which gives the same result for these too.
 */
export function scanFloat32(bytes: Uint8Array, start: number, end: number, out: Float32Array, bits: Uint32Array, at: number): number {
  let i = start;
  let negative = false;
  if (i < end) {
    const b = bytes[i];
    if (b === 0x2d) {
      negative = true;
      i++;
    } else if (b === 0x2b) i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  const digitsStart = i;
  let c = 0;
  while (i < end && (c = bytes[i] - 0x30) >= 0 && c <= 9) {
    if (digits > 0 || c !== 0) {
      mantissa = mantissa * 10 + c;
      digits++;
    }
    i++;
  }
  let sawDigit = i > digitsStart;
  if (i < end && bytes[i] === 0x2e) {
    i++;
    const fractionStart = i;
    while (i < end && (c = bytes[i] - 0x30) >= 0 && c <= 9) {
      if (digits > 0 || c !== 0) {
        mantissa = mantissa * 10 + c;
        digits++;
      }
      scale--;
      i++;
    }
    sawDigit ||= i > fractionStart;
  }
  if (sawDigit && digits <= 15 && scale >= -22 && (i === end || bytes[i] === 0x20)) {
    const value = scale === 0 ? mantissa : mantissa / POW10[-scale];
    out[at] = negative ? -value : value;
    return i;
  }
  // Exponents, long mantissas, inf/nan, surrounding whitespace, errors: the general parser decides.
  let tokenEnd = i;
  while (tokenEnd < end && bytes[tokenEnd] !== 0x20) tokenEnd++;
  return parseFloat32(bytes, start, tokenEnd, out, bits, at) ? tokenEnd : -1;
}
