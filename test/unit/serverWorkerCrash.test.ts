import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServerClient, type ServerClient } from '../harness/lspClient';
import { createFixtureDelivery, writeFixtureWav } from '../fixtures/fixtureDelivery';
import { ModelRequest } from '../../src/shared/protocol';
import { makeTempDir } from './helpers/tempDir';

/**
 * Crash isolation end to end: the real language server (compiled, over Node IPC) with an analysis
 * worker whose thread dies on one file. That file gets a format/unreadable diagnostic saying so;
 * every other file is still measured, and the server lives on.
 */
describe('Language server: a worker dying on a file', function () {
  this.timeout(60_000);
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let client: ServerClient | undefined;

  afterEach(async () => {
    await client?.stop();
    await temp.cleanup();
  });

  it('turns into a finding for that file, and the rest is analysed', async () => {
    temp = await makeTempDir('ad-server-crash-');
    const delivery = path.join(temp.dir, 'delivery');
    await createFixtureDelivery(delivery);
    await writeFixtureWav(path.join(delivery, 'Multitracks', '06 Tamb DIES.wav'), { channels: 1, sampleRate: 48000, bitDepth: '24', seconds: 1 });
    client = await startServerClient({
      serverPath: path.join(__dirname, '..', '..', 'src', 'server', 'main.js'),
      folder: delivery,
      storagePath: path.join(temp.dir, 'storage'),
      settings: { analysis: { jobs: 1 } },
      env: { AUDIO_DELIVERABLES_ANALYSIS_WORKER: path.join(__dirname, 'helpers', 'dyingAnalysisWorker.js') },
    });
    await client.firstAnalysis;

    const dies = pathToFileURL(path.join(delivery, 'Multitracks', '06 Tamb DIES.wav')).toString();
    const published = [...client.diagnostics].filter(([, d]) => d.length > 0);
    assert.deepEqual(published.map(([uri, d]) => [uri, d.map((x) => x.code)]), [[dies, ['format/unreadable']]]);
    assert.match(published[0]![1][0]!.message, /06 Tamb DIES\.wav could not be analysed: the analysis worker exited \(code 70\)/);

    const model = await client.request(ModelRequest, {});
    const files = model.deliveries[0]!.files.filter((f) => f.format !== null);
    assert.equal(files.length, 11);
    const measured = files.filter((f) => typeof f.analysis?.samplePeakDbfs === 'number').map((f) => f.path);
    assert.equal(measured.length, 10, `every other audio file is measured: ${measured.join(', ')}`);
    assert.ok(!measured.includes('Multitracks/06 Tamb DIES.wav'));
  });
});
