import { float32Text } from './float32-text.js';

/**
 * The shortest decimal that reads back as the same float32 (float32Text finds its digits), written the way numpy's
 * `repr(np.float32(x))` writes it (and so gensim's text files): positional for 1e-4 <= |x| < 1e16 (`0.418`,
 * `100.0`), scientific otherwise (`1e-05`, `-9.8948e-05`), `inf`, `-inf`, `nan`, `-0.0`.
 */
export function float32Repr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // The shortest decimal's significant digits and exponent (toExponential() writes exactly its digits).
  const [mantissa, exp] = Math.abs(Number(float32Text(x))).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exp);
  const sign = x < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent).toString().padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1) || '0';
  return `${sign}${whole}.${fraction}`;
}
