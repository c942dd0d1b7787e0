/**
 * A WebAssembly module embedded as base64 (scripts/build-wasm.mjs writes it into a generated ./*.wasm.ts file, so
 * tsx, dist/ and a browser bundle load it alike): compiled once, on first use, and instantiated once per
 * WebAssembly memory in each thread (a worker instantiates it over the same shared memory; the modules keep no state
 * of their own, so that is safe).
 */
export interface EmbeddedModule<Exports> {
  /** The compiled module, or null where this runtime cannot run it (validating it checks every feature it uses). */
  module(): WebAssembly.Module | null;
  /** The module instantiated over `memory`, importing it as `env.memory` (cached per memory). */
  exportsFor(memory: WebAssembly.Memory): Exports;
}

export function embeddedModule<Exports>(base64: string): EmbeddedModule<Exports> {
  let compiled: WebAssembly.Module | null | undefined;
  const instances = new WeakMap<WebAssembly.Memory, Exports>();
  const module = (): WebAssembly.Module | null => {
    if (compiled === undefined) {
      compiled = null;
      try {
        const bytes = decodeBase64(base64);
        if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
  const exportsFor = (memory: WebAssembly.Memory): Exports => {
    let exports = instances.get(memory);
    if (!exports) {
      const m = module();
      if (!m) throw new Error('this runtime cannot run the WebAssembly SIMD kernels');
      const abort = (): never => {
        throw new Error('WebAssembly kernel aborted');
      };
      exports = new WebAssembly.Instance(m, { env: { memory, abort } }).exports as unknown as Exports;
      instances.set(memory, exports);
    }
    return exports;
  };
  return { module, exportsFor };
}

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
