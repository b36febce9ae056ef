// Bundles the entries: extension host, language server and its analysis worker (Node/CommonJS),
// the CLI (Node), and the webview code (browser). `--watch` rebuilds on change; `--production` minifies.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  // jsonc-parser's `main` is a UMD build esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // The language client on its own: extension.js requires it after activate() returns (client/server.ts).
  { ...node, entryPoints: { languageClient: 'src/client/languageClient.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist' },
  // Worker threads of the analysis pool, started by the server and the CLI from beside them.
  { ...node, entryPoints: { analysisWorker: 'src/core/analysis/analysisWorker.ts' }, outdir: 'dist' },
  {
    ...node,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
    entryPoints: { overview: 'src/webview/overview/main.ts', waveform: 'src/webview/waveform/main.ts' },
    outdir: 'dist/webview',
    tsconfig: 'src/webview/tsconfig.json',
  },
];

// WebAssembly kernels: each src/core/wasm/<name>.wat becomes dist/<name>.wasm (src/core/wasm/loadWasm.ts).
async function assembleWat() {
  const wabt = await require('wabt')();
  fs.mkdirSync('dist', { recursive: true });
  for (const file of fs.readdirSync('src/core/wasm').filter((f) => f.endsWith('.wat'))) {
    const module = wabt.parseWat(file, fs.readFileSync(path.join('src/core/wasm', file), 'utf8'), { simd: true });
    module.validate();
    fs.writeFileSync(path.join('dist', file.replace(/\.wat$/, '.wasm')), module.toBinary({}).buffer);
    module.destroy();
  }
}

async function main() {
  await assembleWat();
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

// Tests read the bundles' module graphs from the same configuration (test/unit/bundles.test.ts).
module.exports = { builds };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
