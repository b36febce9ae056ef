import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import { activateExtension } from './helpers/extension';

/** The server's custom requests, through the running extension. */
describe('Custom requests', () => {
  let api: AudioDeliverablesApi;
  let root: vscode.Uri;

  before(async () => {
    ({ api, root } = await activateExtension());
  });

  it('deliverables/overview gives the waveform of a range at a column count', async () => {
    const kick = vscode.Uri.joinPath(root, 'Multitracks', '01 Kick In.wav').fsPath;
    const result = await api.overview({ path: kick, startFrame: 0, endFrame: 96000, columns: 100 });
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.deepEqual([result.channels, result.sampleRate, result.totalFrames, result.min[0]!.length], [1, 48000, 96000, 100]);
    // A 220 Hz sine at 0.25: every 960-frame column holds whole periods, so it spans ±0.25.
    for (let c = 0; c < 100; c++) {
      assert.ok(Math.abs(result.max[0]![c]! - 0.25) < 1e-3 && Math.abs(result.min[0]![c]! + 0.25) < 1e-3, `column ${c}`);
    }
    const past = await api.overview({ path: kick, startFrame: 96000, endFrame: 192000, columns: 4 });
    assert.ok(past.ok);
    assert.deepEqual(past.max[0], [null, null, null, null], 'no audio past the end');
  });

  it('deliverables/overview refuses files outside the deliveries', async () => {
    const result = await api.overview({ path: '/etc/hostname', startFrame: 0, endFrame: 10, columns: 1 });
    assert.deepEqual(result, { ok: false, error: 'this file is not part of a delivery in the workspace' });
  });

  it('deliverables/fileInfo tells role, format and findings of a file', async () => {
    const info = await api.fileInfo(vscode.Uri.joinPath(root, 'Stems', 'Song_STEM_Vox.wav').fsPath);
    assert.ok(info);
    assert.deepEqual([info.file.role, info.file.group, info.file.description], ['stem', 'vocals', '48 kHz · 32-bit float · stereo · 0:02']);
    assert.deepEqual(info.findings, []);
  });
});
