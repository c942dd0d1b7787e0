// The binary layouts shared by the kernels (AssemblyScript, ./assembly/) and their TypeScript wrappers: defined
// once, here, and read by both languages: AssemblyScript imports this file as it is, TypeScript too, and
// scripts/build-wasm.mjs reads KERNEL_RESERVED from it. Only `export const NAME = <whole number>;` lines (plus
// comments) may stand here, so that the file means the same in both languages (an untyped constant is an i32 in
// AssemblyScript; the kernels convert it where they use it).
//
// Every region a kernel reads starts with a header of u32 fields at these byte offsets. The creator of a region
// (the thread that reserves it) writes the header once, magic and version first, as Flatbush does; another thread
// attaches by reading it, and refuses a region whose magic or version differs.

/** Bytes kept free at the start of every WebAssembly memory for the kernel modules' static data and stack. */
export const KERNEL_RESERVED = 65536;

// ---- Tile workspace (./tile-workspace.ts, ./assembly/tiles.ts) ----------------------------------------------------
// The region of one worker: its heaps, packing buffers and batch queries. The pieces' sizes: ./tile-workspace.ts.

/** "SDTW" little-endian: a tile workspace. */
export const TILE_MAGIC = 0x57544453;
/** Bumped whenever the fields below change. */
export const TILE_VERSION = 5;
export const TILE_HEADER_BYTES = 128;
export const H_MAGIC = 0;
export const H_VERSION = 4;
/** byte offset of the model's float32 rows (0xffffffff: not in this memory, int8 tiles only) */
export const H_VECTORS = 8;
/** byte offset of the float32 norms (0xffffffff likewise) */
export const H_NORMS = 12;
export const H_DIM = 16;
/** the model's rows n */
export const H_ROWS = 20;
/** heap capacity k ≥ 1 */
export const H_K = 24;
/** number of heaps: n, or the query capacity */
export const H_HEAPS = 28;
/** float32[heaps · k] heap scores */
export const H_SCORES = 32;
/** int32[heaps · k] heap indices (0x7fffffff: empty slot) */
export const H_INDICES = 36;
/** float32[heaps]: the score at each heap's slot 0 (the score to beat) */
export const H_THR = 40;
/** the packed query block (panels of 4 rows) */
export const H_PACKA = 44;
/** one packed panel of 8 candidates */
export const H_PACKB = 48;
/** 32 float32: one 4 × 8 micro-tile of scores */
export const H_SPILL = 52;
/** float32[queries · dim] batch query vectors */
export const H_QUERIES = 56;
/** what H_PACKA holds: A_ROWS, A_QUERIES, A_INT8, or 0 (nothing cached); then its first and end row */
export const H_A_KIND = 60;
export const H_A0 = 64;
export const H_A1 = 68;
/** the quantised model's region (below), or 0 */
export const H_QUANT = 72;
/** int32[blockRows]: a list of heaps (tileList) */
export const H_LIST = 76;
/**
 * int32[blockRows · (k + 1)]: the candidates selectRows keeps for exact rescoring; in a gathered workspace,
 * float32[blockRows + 8]: the listed rows' scales (tileGathered on a quantised model) or scoreListed's scores
 */
export const H_SELECT = 80;
/** the quantised rows of the query block's side: H_QUANT itself, or the batch queries' own quantised rows */
export const H_AQUANT = 84;
/** rows per query block (the packing buffers' capacity) */
export const H_BLOCK_ROWS = 88;
/** batch-query capacity (0: a dictionary workspace, one heap per model row) */
export const H_QUERY_CAP = 92;
/**
 * 1: a gathered workspace (tileGathered only): no heaps of its own (H_HEAPS 0), H_THR the approximate engine's
 * thresholds, H_INDICES its heaps' indices (int32[rows · H_K], or 0: not in this memory) and H_K their width
 */
export const H_GATHERED = 96;

/** what H_PACKA holds */
export const A_ROWS = 1;
export const A_QUERIES = 2;
export const A_INT8 = 4;

/** tile() flags: feed the candidates' heaps too (J disjoint from I) */
export const TILE_COLUMNS = 1;
/** tile() flags: skip i == j */
export const TILE_EXCLUDE_SELF = 2;
/** tile() flags, benchmarks: compute the scores, offer nothing */
export const TILE_SCORE_ONLY = 4;
/** rescoreSelected() flags: the slots are batch queries, not model rows */
export const RESCORE_QUERIES = 1;

/**
 * tileGathered(): bytes per proposed pair: int32 row a, int32 row b, float32 score. When the heaps' indices are in
 * reach (H_INDICES), a side below its heap's threshold or whose heap already holds the other row is written as ~row
 * (negative): nothing to push there; a pair with neither side left is not written at all.
 */
export const GATHERED_PROPOSAL_BYTES = 12;

/** The empty heap slot's index. */
export const SENTINEL_INDEX = 0x7fffffff;

// ---- Quantised model (./tile-int8.ts, ./assembly/tiles-int8.ts) --------------------------------------------------

/** "SDQM" little-endian: a quantised model. */
export const QUANT_MAGIC = 0x4d514453;
export const QUANT_VERSION = 2;
export const QUANT_HEADER_BYTES = 64;
export const Q_MAGIC = 0;
export const Q_VERSION = 4;
export const Q_DIM = 8;
/** dim rounded up to a multiple of 8 */
export const Q_DIM_PAD = 12;
export const Q_ROWS = 16;
/** the largest quantised magnitude, 2^(bits−1) − 1 */
export const Q_QMAX = 20;
/** bytes per value: 1 (int8) or 2 (int16) */
export const Q_BYTES = 24;
export const Q_VALUES = 28;
/** float32[rows] per-row scales */
export const Q_SCALES = 32;
/** float32[rows] ‖e_i‖, rounded up */
export const Q_ENORMS = 36;
/** float32[rows] ‖u_i‖, rounded up */
export const Q_UNORMS = 40;
/** float32 E = max ‖e_j‖ and U = max ‖u_j‖ (written by finish) */
export const Q_MAX_E = 44;
export const Q_MAX_U = 48;
/** 1: values stored as the 8-row B panels of the int16 micro-kernel */
export const Q_PANELS = 52;
