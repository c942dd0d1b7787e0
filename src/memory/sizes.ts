/** The sizes of WebAssembly memories: pages, the 4 GiB limit of a 32-bit memory, 16-byte alignment. */

/** WebAssembly page size. */
export const PAGE = 64 * 1024;
/** The largest 32-bit WebAssembly memory, in pages (4 GiB). */
export const MAX_PAGES = 65536;
/** The most bytes one WebAssembly memory can hold. */
export const MAX_BYTES = MAX_PAGES * PAGE;

/**
 * `n` rounded up to a multiple of 16. Arithmetic, not `(n + 15) & ~15`: bitwise operators truncate to 32 bits, and
 * the offsets of a model over 2 GiB do not fit.
 */
export const align16 = (n: number): number => Math.ceil(n / 16) * 16;
