// The extension's first module (dist/extension.js) must not carry the language client: VS Code
// loads it on activation, and the JSON-RPC and LSP libraries were four fifths of its code and
// most of the activation time. They live in dist/languageClient.js, required after activate().
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../harness/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build's own configuration, plain CommonJS
const { builds } = require(path.join(repoRoot, 'esbuild.js')) as { builds: esbuild.BuildOptions[] };

const CLIENT_LIBRARIES = ['vscode-languageclient', 'vscode-jsonrpc', 'vscode-languageserver-protocol', 'vscode-languageserver-types'];

/** The npm packages a bundle of the build's configuration is made of. */
async function packagesIn(entry: string): Promise<Set<string>> {
  const options = builds.find((b) => b.entryPoints && entry in (b.entryPoints as Record<string, string>));
  assert.ok(options, `esbuild.js has no entry named ${entry}`);
  const result = await esbuild.build({ ...options, absWorkingDir: repoRoot, write: false, metafile: true, logLevel: 'silent', sourcemap: false });
  const packages = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]!);
  }
  return packages;
}

describe('bundles', function () {
  this.timeout(60_000);

  it('keeps the language client libraries out of the extension entry module', async () => {
    const packages = await packagesIn('extension');
    assert.deepEqual(CLIENT_LIBRARIES.filter((name) => packages.has(name)), []);
  });

  it('bundles them into the language client module the entry loads after activation', async () => {
    const packages = await packagesIn('languageClient');
    assert.deepEqual(CLIENT_LIBRARIES.filter((name) => !packages.has(name)), []);
  });
});
