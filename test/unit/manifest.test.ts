import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { manifestPaths, unwantedInPackage, type Manifest } from '../packaged/packageContents';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const raw: unknown = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const manifest = raw as {
  contributes: { commands: Array<{ command: string }>; walkthroughs: Array<{ steps: Array<{ id: string; description: string; completionEvents?: string[] }> }> };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] }; virtualWorkspaces: { supported: boolean; description: string } };
};

/** Built-in commands the walkthrough links to, and the view-focus command VS Code makes for our view. */
const BUILT_IN = ['vscode.openFolder', 'workbench.actions.view.problems', 'audioDeliverables.delivery.focus'];

describe('package.json: what the marketplace and the walkthrough rely on', () => {
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

  it('every file it names outside dist/ is in the repository (dist/ is the build output)', () => {
    const named = manifestPaths(raw as Manifest);
    assert.ok(named.includes('media/icon.png') && named.includes('media/walkthrough/presets.md'), named.join(', '));
    for (const rel of named.filter((p) => !p.startsWith('dist/'))) assert.ok(existsSync(path.join(repoRoot, rel)), rel);
  });

  it('the icon is a 128×128 PNG', () => {
    const png = readFileSync(path.join(repoRoot, 'media', 'icon.png'));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('each walkthrough step links to a command that exists, and completes when that command runs', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.deepEqual(walkthrough!.steps.map((s) => s.id), ['openDelivery', 'pickPreset', 'readProblems', 'openOverview', 'printAltMix', 'contractNotes']);
    for (const step of walkthrough!.steps) {
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.ok(linked.length > 0, `${step.id} has a button`);
      for (const command of linked) {
        assert.ok(contributed.has(command) || BUILT_IN.includes(command), `${step.id} links to ${command}, which nothing contributes`);
      }
      for (const event of step.completionEvents ?? []) {
        if (event.startsWith('onCommand:')) assert.ok(linked.includes(event.slice('onCommand:'.length)), `${step.id}: ${event} is a command it links to`);
      }
    }
  });

  it('declares limited Restricted Mode support and no virtual workspaces, each with a reason', () => {
    const { untrustedWorkspaces, virtualWorkspaces } = manifest.capabilities;
    assert.equal(untrustedWorkspaces.supported, 'limited');
    assert.ok(untrustedWorkspaces.restrictedConfigurations?.includes('audioDeliverables.rules'));
    assert.equal(virtualWorkspaces.supported, false);
    assert.match(virtualWorkspaces.description, /file system/);
  });

  it('the package filter flags sources, maps, tests and node_modules, and passes what ships', () => {
    assert.deepEqual(unwantedInPackage([
      'dist/extension.js', 'docs/rules/level/clipping.md', 'media/icon.png', 'LICENSE.txt', 'readme.md',
      'dist/extension.js.map', 'src/cli.ts', 'node_modules/ajv/package.json', 'test/unit/x.js', 'tsconfig.json', 'out/src/cli.js',
    ]), ['dist/extension.js.map', 'src/cli.ts', 'node_modules/ajv/package.json', 'test/unit/x.js', 'tsconfig.json', 'out/src/cli.js']);
  });
});
