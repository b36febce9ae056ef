import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../util/packageRoot';

/** The part of Node's WebAssembly API used here (the project's TypeScript libs do not type it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/**
 * Instantiates dist/<name>.wasm of the installed package (assembled from src/core/wasm/<name>.wat
 * by esbuild.js) and returns its exports, synchronously: a few kilobytes, read once per thread by
 * the first caller. No imports: the kernels are pure arithmetic on their own fixed memory.
 */
export function loadWasm(name: string): Record<string, unknown> {
  const api = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  const file = path.join(packageRoot(), 'dist', `${name}.wasm`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    // Compiled tests (out/) read the kernels of the build: say which step is missing.
    throw new Error(`WebAssembly kernel ${file} not found (npm run build assembles it): ${(err as Error).message}`);
  }
  return new api.Instance(new api.Module(bytes), {}).exports;
}
