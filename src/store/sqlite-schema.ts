/**
 * The SQLite dictionary format. One file; every table is plain SQL, so any SQLite client reads it:
 *
 *   SELECT neighbor, score FROM similar WHERE word = 'king' ORDER BY rank;
 *
 * The schema (also exported as SCHEMA, for the README):
 *
 *   words(id, word)                           one row per word: id = the word's row in the model (0-based)
 *   neighbors(word_id, rank, neighbor_id, score)   a word's k most similar words, rank 1 = most similar
 *   metadata(key, value)                      the DictionaryMeta fields, each value as JSON
 *   similar(word, rank, neighbor, score)      a view joining them
 *
 * Words are stored exactly (any Unicode, the empty string included) and compared byte for byte: no case folding,
 * no Unicode normalisation. A word with no neighbours (a model of one word) has no neighbors rows. Scores are the
 * float32 values exactly (as REAL); NaN (a zero vector) is NULL. The file carries PRAGMA application_id 0x73696d64
 * ("simd") and user_version 1, which readers check.
 *
 * During a build (<path>.partial), metadata also holds `committedRows`, the rows [0, committedRows) committed so
 * far (their neighbours are complete); finishing removes it.
 */
export const SCHEMA = `CREATE TABLE words (
  id   INTEGER PRIMARY KEY,    -- the word's row in the model, 0-based
  word TEXT NOT NULL UNIQUE    -- exactly as in the model
);
CREATE TABLE neighbors (
  word_id     INTEGER NOT NULL,  -- words.id
  rank        INTEGER NOT NULL,  -- 1 = most similar
  neighbor_id INTEGER NOT NULL,  -- words.id
  score       REAL,              -- cosine similarity (the float32 value exactly); NULL for NaN
  PRIMARY KEY (word_id, rank)
) WITHOUT ROWID;
CREATE TABLE metadata (
  key   TEXT PRIMARY KEY,        -- modelHash, modelFile, words, dim, k, includeSelf, method, recall, createdAt, simdictVersion, ...
  value TEXT                     -- JSON
);
CREATE VIEW similar AS
  SELECT w.word AS word, n.rank AS rank, v.word AS neighbor, n.score AS score
  FROM neighbors AS n
  JOIN words AS w ON w.id = n.word_id
  JOIN words AS v ON v.id = n.neighbor_id;`;

/** PRAGMA application_id of a simdict dictionary: "simd". */
export const APPLICATION_ID = 0x73696d64;
/** PRAGMA user_version: the schema's version. */
export const SCHEMA_VERSION = 1;
/** The metadata key of a build's committed rows (partial files only). */
export const COMMITTED_ROWS_KEY = 'committedRows';
