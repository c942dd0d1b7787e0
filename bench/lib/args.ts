/** The benchmarks' command-line options: `--name value` pairs and flags, unknown options refused. */

export function benchArgs(known: readonly string[], defaultMin = 0, argv = process.argv.slice(2)) {
  for (const a of argv) if (a.startsWith('--') && !known.includes(a)) throw new RangeError(`unknown option ${a} (known: ${known.join(' ')})`);
  /** The value after `name`, or undefined when it is not given. */
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new RangeError(`${name} needs a value`);
    return v;
  };
  /** `name`'s value as a whole number ≥ min, or `fallback` when it is not given. */
  function whole(name: string, fallback: number, min?: number): number;
  function whole(name: string, fallback: undefined, min?: number): number | undefined;
  function whole(name: string, fallback: number | undefined, min = defaultMin): number | undefined {
    const v = option(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`${name} takes a whole number ≥ ${min}, got ${v}`);
    return n;
  }
  return { argv, option, whole, flag: (name: string) => argv.includes(name) };
}
