// `npm run demo`: writes the built-in demo delivery (deterministic synthesized audio with a few
// deliberate problems), prints the CLI's report of it, and opens it in VS Code with the extension
// loaded: desktop `code` when it is on PATH, otherwise the project's code-server on 127.0.0.1.
// `--no-open` (or CI=true) stops after the report.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { main as cli } from '../src/cli';
import { generateDemoDelivery } from './demo/generateDemo';
import { startCodeServer } from '../test/harness/codeServer';
import { codeServerEntry } from '../test/harness/paths';

const repoRoot = path.resolve(__dirname, '..', '..');
const demoRoot = path.join(repoRoot, 'demo', 'Ada_Lights_Delivery');

async function main(): Promise<void> {
  const open = !process.argv.includes('--no-open') && process.env.CI !== 'true';
  if (existsSync(path.join(demoRoot, 'delivery.json'))) {
    console.log(`Using the demo delivery already at ${demoRoot} (delete the folder for a fresh one).`);
  } else {
    await fs.rm(demoRoot, { recursive: true, force: true }); // only ever a half-written demo of ours
    const started = performance.now();
    const { files } = await generateDemoDelivery(demoRoot);
    console.log(`Wrote the demo delivery (${files.length} files) to ${demoRoot} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  }
  console.log(`\n$ audio-deliverables check ${path.relative(process.cwd(), demoRoot) || '.'}\n`);
  await cli(['check', demoRoot]);
  if (open) await openInVsCode();
}

async function openInVsCode(): Promise<void> {
  if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
    spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, demoRoot], { stdio: 'inherit', detached: true }).unref();
    console.log('\nOpened the demo delivery in VS Code with the extension loaded.');
    return;
  }
  if (!existsSync(codeServerEntry)) {
    const r = spawnSync('bash', [path.join(repoRoot, 'scripts', 'test-host', 'install.sh')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('could not install code-server; see the messages above');
  }
  const server = await startCodeServer({ folder: demoRoot, extensionDevelopmentPath: repoRoot });
  console.log(`\nVS Code (code-server) is serving the demo delivery with the extension loaded:\n\n  ${server.workbenchUrl()}\n`);
  console.log('Open that address in a browser on this machine. Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
}

main().catch((err: unknown) => {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
