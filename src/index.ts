export { KeyedVectors, UnknownWordError, type Key, type ModelSource } from './vectors/keyed-vectors.js';
export { ModelMemory } from './vectors/model-memory.js';
export { loadModel, type LoadOptions, type ModelFormat } from './formats/load-model.js';
export { ModelFormatError } from './formats/model-format-error.js';
export { saveModel, type SaveFormat, type SaveOptions } from './formats/save-model.js';
