/**
 * The shortest decimal that reads back as the same float32 (`Math.fround(Number(s))` is the value exactly), written
 * the way JavaScript writes that decimal's number (`0.76823`, `-0.5`, `1e-7`): valid JSON, and the same text whichever
 * path below produced it. The dictionary's text formats write scores with it; float32-repr.ts takes its digits for
 * model text files.
 */

/** 10^0 … 10^22: the powers of ten that doubles hold exactly. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The shortest decimal string that round-trips through float32 (`NaN`, `Infinity`, `-Infinity` for those).
 *
 * Fast path, for 1e-6 <= |x| < 1e9 (where JavaScript writes numbers without an exponent; cosine scores live there):
 * for p significant digits, m = round(|x|·10^n) with n = p − 1 − floor(log10 |x|). m / 10^n is a correctly rounded
 * operation on exact doubles, so it is exactly the number the decimal "m·10^-n" parses to and the round-trip test
 * is exact; the text is then assembled from m's digits, which is ~6x faster than String() of a double.
 * Round-tripping is monotone in p (if p digits do, p + 1 do), so the search starts at 7, where most float32 values
 * land. Other magnitudes use toPrecision.
 */
export function float32Text(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const f = Math.fround(x);
  if (f === 0) return '0'; // -0 too: SQLite keeps no negative zero, and every format should read back alike
  const a = Math.abs(f);
  if (a < 1e-6 || a >= 1e9) return slowText(f);
  let e = Math.floor(Math.log10(a));
  // log10 may be one off next to a power of ten.
  if (a >= pow10(e + 1)) e++;
  else if (a < pow10(e)) e--;
  let p = 7;
  if (scaled(a, p, e) !== 0) {
    while (p > 1 && scaled(a, p - 1, e) !== 0) p--;
  } else {
    do p++;
    while (p < 9 && scaled(a, p, e) === 0);
  }
  const m = scaled(a, p, e);
  if (m === 0) return slowText(f);
  return decimal(m, p - 1 - e, f < 0);
}

/** m = |x| rounded to p significant digits, as an integer (the number is m·10^-(p-1-e)), when that round-trips; else 0. */
function scaled(a: number, p: number, e: number): number {
  const n = p - 1 - e;
  if (n >= 0) {
    const s = POW10[n];
    const m = Math.round(a * s);
    return Math.fround(m / s) === a ? m : 0;
  }
  const s = POW10[-n];
  const m = Math.round(a / s);
  return Math.fround(m * s) === a ? m : 0;
}

function pow10(e: number): number {
  return e >= 0 ? POW10[e] : 1 / POW10[-e];
}

/** The text of m·10^-n (m a positive integer), as JavaScript writes that number when it is in [1e-6, 1e21). */
function decimal(m: number, n: number, negative: boolean): string {
  while (m % 10 === 0) {
    m /= 10;
    n--;
  }
  let s = String(m);
  if (n <= 0) s += '0'.repeat(-n);
  else if (s.length > n) s = `${s.slice(0, s.length - n)}.${s.slice(s.length - n)}`;
  else s = `0.${'0'.repeat(n - s.length)}${s}`;
  return negative ? `-${s}` : s;
}

function slowText(f: number): string {
  for (let p = 1; p < 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(Number(f.toPrecision(9))); // 9 significant digits always round-trip
}

/** The score a reader returns for a stored float32: the double nearest its shortest decimal (0.76823, not 0.768230021…). */
export function float32Value(x: number): number {
  return Number.isFinite(x) ? Number(float32Text(x)) : x;
}
