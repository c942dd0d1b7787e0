/**
 * Similar-words dictionaries on disk: SQLite, JSONL and TSV writers with crash-safe chunked commits and resume, and
 * readers that answer lookups without the model.
 */
export { formatOfPath, partialPathOf, type DictionaryFormat } from './format.js';
export { renameDurably } from './fs-util.js';
export { checkOutputPath, checkWritableFile, finishedMeta, removeLeftovers } from './build-files.js';
export { resumeDifference, type DictionaryMeta } from './meta.js';
export { openDictionaryWriter, type DictionaryWriter, type WriterOptions } from './writer.js';
export { openDictionary, type DictionaryReader, type Entry, type Neighbor } from './reader.js';
export { SCHEMA } from './sqlite-schema.js';
export { TSV_COLUMNS, escapeTsv, unescapeTsv } from './tsv-codec.js';
export { float32Text } from '../formats/float32-text.js';
