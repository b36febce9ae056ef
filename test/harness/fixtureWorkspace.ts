// The workspace both runners open: a fresh folder filled by the fixture generator
// (test/fixtures/fixtureDelivery.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFixtureDelivery } from '../fixtures/fixtureDelivery';

/** Creates `<runDir>/delivery`, fills it with createFixtureDelivery(dir) and returns its path. */
export async function createFixtureWorkspace(runDir: string): Promise<string> {
  const workspace = path.join(runDir, 'delivery');
  fs.mkdirSync(workspace, { recursive: true });
  await createFixtureDelivery(workspace);
  return workspace;
}
