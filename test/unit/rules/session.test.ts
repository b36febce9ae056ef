import * as assert from 'node:assert/strict';
import { loadDelivery } from '../../../src/core/delivery/delivery';
import { sessionRules } from '../../../src/core/rules/session';
import { sessionIncluded } from '../../../src/core/rules/session/included';
import { sessionTermsMissing } from '../../../src/core/rules/session/termsMissing';
import { cleanFixture, findingsOf, putFile, specWith, withFixture } from '../helpers/ruleFixtures';

describe('session rules', () => {
  it('are registered in catalogue order', () => {
    assert.deepEqual(sessionRules.map((r) => r.id), ['session/included', 'session/terms-missing']);
  });

  describe('silent on the clean fixture delivery (its terms hand the session over)', () => {
    const clean = cleanFixture();
    before(clean.before);
    for (const rule of sessionRules) {
      it(rule.id, () => assert.deepEqual(findingsOf(rule, clean.delivery()), []));
    }
  });

  describe('session/included', () => {
    it('a Pro Tools session when the terms say no handover: points at the contract notes, gives no legal advice', () => withFixture(async (dir) => {
      const notes = 'Session files are not part of this delivery (contract §4).';
      await putFile(dir, 'delivery.json', specWith({ session: { owner: 'Mix engineer', handover: false, contract: 'Mix agreement 2024-03', notes } }));
      const found = findingsOf(sessionIncluded, await loadDelivery(dir));
      assert.equal(found.length, 1);
      const f = found[0]!;
      assert.equal(f.rule, 'session/included');
      assert.equal(f.file, 'Session/Song.ptx');
      assert.equal(f.severity, 'warning');
      assert.equal(f.message, 'Session/Song.ptx is a Pro Tools session, but the recorded terms say the session is not handed over (session.handover is false). The recorded owner is "Mix engineer". A session belongs to the engineer unless a contract says it is to be handed over. Check the contract notes in delivery.json (contract: "Mix agreement 2024-03"; notes: "Session files are not part of this delivery (contract §4).") before sending it; ask a lawyer when unsure.');
      assert.deepEqual(f.data, { handover: false, owner: 'Mix engineer', contract: 'Mix agreement 2024-03', notes });
    }));

    it('an AAF export with no terms recorded at all', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ session: undefined }));
      await putFile(dir, 'Session/Song.aaf', 'AAF bytes');
      const found = findingsOf(sessionIncluded, await loadDelivery(dir));
      assert.deepEqual(found.map((f) => f.file), ['Session/Song.aaf', 'Session/Song.ptx']);
      assert.match(found[0]!.message, /^Session\/Song\.aaf is an AAF export of the session, but no session handover is recorded \(session\.handover is not set\)\. A session belongs to the engineer unless a contract says it is to be handed over\. Check the contract before sending it and record the terms in delivery\.json .*; ask a lawyer when unsure\.$/);
    }));

    it('a delivery without session files is fine whatever the terms', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ session: { owner: 'Mix engineer', handover: false } }));
      const delivery = await loadDelivery(dir);
      delivery.files = delivery.files.filter((f) => f.role !== 'session');
      assert.deepEqual(findingsOf(sessionIncluded, delivery), []);
    }));
  });

  describe('session/terms-missing', () => {
    it('no session block: an info for the delivery naming what is missing', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ session: undefined }));
      const found = findingsOf(sessionTermsMissing, await loadDelivery(dir));
      assert.equal(found.length, 1);
      const f = found[0]!;
      assert.equal(f.rule, 'session/terms-missing');
      assert.equal(f.severity, 'info');
      assert.equal(f.file, null);
      assert.deepEqual(f.data, { missing: ['owner', 'handover'] });
      assert.match(f.message, /^The delivery records no session\.owner and session\.handover: who owns the session and whether it is handed over\. Add them to delivery\.json/);
    }));

    it('an owner without handover terms still misses the handover', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ session: { owner: 'Mix engineer' } }));
      const found = findingsOf(sessionTermsMissing, await loadDelivery(dir));
      assert.deepEqual(found.map((f) => f.data), [{ missing: ['handover'] }]);
    }));
  });
});
