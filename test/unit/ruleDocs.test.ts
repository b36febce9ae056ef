import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES, ruleDocPath } from '../../src/core/rules';
import type { Finding } from '../../src/core/findings';
import { diagnosticsByUri } from '../../src/server/diagnostics';
import { ruleDocUri } from '../../src/server/docsLinks';
import { childNodes, nodeFindings, rootNodes, type TreeNode } from '../../src/providers/deliveryTreeModel';
import type { DeliveryDto, FileDto } from '../../src/shared/protocol';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Every rule has a page under docs/rules/, and every place a finding shows links to it. */
describe('Rule docs pages and the links to them', () => {
  it('one page per rule, no page without a rule, each titled with its id and stating its default severity', () => {
    const pages = listMarkdown(path.join(repoRoot, 'docs', 'rules')).map((p) => path.relative(repoRoot, p).split(path.sep).join('/'));
    assert.deepEqual(pages.sort(), RULES.map((r) => ruleDocPath(r.id)).sort());
    for (const rule of RULES) {
      const text = readFileSync(path.join(repoRoot, ruleDocPath(rule.id)), 'utf8');
      assert.equal(text.split('\n')[0], `# ${rule.id}`, ruleDocPath(rule.id));
      const severity = /^\*\*Default severity:\*\* (.+)$/m.exec(text)?.[1];
      assert.ok(severity?.startsWith(rule.defaultSeverity), `${rule.id}: the page says "${severity}", the rule ${rule.defaultSeverity}`);
    }
  });

  it('each diagnostic carries its rule id as code and the file URI of its page as target', () => {
    const root = '/deliveries/Song';
    const findings: Finding[] = RULES.map((r, i) => ({
      rule: r.id, severity: r.defaultSeverity, message: `m${i}`, file: i % 2 ? `Stems/${i}.wav` : null, timeSec: null, data: {},
    }));
    const diagnostics = [...diagnosticsByUri(root, null, findings).values()].flat();
    assert.equal(diagnostics.length, RULES.length);
    for (const d of diagnostics) {
      const href = d.codeDescription?.href ?? '';
      // Compiled tests run from out/: the package root is still found (the folder with docs/).
      assert.equal(fileURLToPath(href), path.join(repoRoot, ruleDocPath(String(d.code))), String(d.code));
      assert.ok(existsSync(fileURLToPath(href)), href);
    }
  });

  it('a docs link resolves against the root it is given (an installed extension)', () => {
    assert.equal(ruleDocUri('stems/null-test', '/ext/audio-deliverables-0.1.0'), 'file:///ext/audio-deliverables-0.1.0/docs/rules/stems/null-test.md');
  });
});

describe('Delivery tree model: the findings each tooltip lists', () => {
  const file = (p: string, role: FileDto['role']): FileDto => ({
    path: p, role, group: null, kind: null, reason: '', size: 1, format: null, analysis: null, description: '',
  });
  const finding = (rule: string, file: string | null): Finding => ({ rule, severity: 'warning', message: rule, file, timeSec: null, data: {} });
  const findings = [
    finding('format/bit-depth', 'Multitracks/Kick.wav'),
    finding('level/clipping', 'Stems/Drums.wav'),
    finding('stems/missing-group', null),
    finding('references/missing', null),
    finding('session/terms-missing', null),
    finding('naming/generic', null),
  ];
  const delivery = (root: string): DeliveryDto => ({
    root, name: path.basename(root), specPath: null, required: { stems: [], references: [] }, nullTest: null, findings,
    files: [file('Multitracks/Kick.wav', 'multitrack'), file('Stems/Drums.wav', 'stem')],
    summary: { errors: 0, warnings: findings.length, infos: 0 },
  });
  const rules = (node: TreeNode): string[] => nodeFindings(node).map((f) => f.rule);
  const group = (nodes: TreeNode[], role: string): TreeNode => nodes.find((n) => n.type === 'group' && n.role === role)!;

  it('a file lists its own findings; a group the delivery-wide findings of its family', () => {
    const groups = rootNodes([delivery('/d/Song')]);
    assert.deepEqual(rules(childNodes(group(groups, 'multitrack'))[0]!), ['format/bit-depth']);
    assert.deepEqual(rules(childNodes(group(groups, 'stem'))[0]!), ['level/clipping']);
    assert.deepEqual(rules(group(groups, 'stem')), ['stems/missing-group']);
    assert.deepEqual(rules(group(groups, 'reference')), ['references/missing']);
    assert.deepEqual(rules(group(groups, 'session')), ['session/terms-missing']);
    assert.deepEqual(rules(group(groups, 'multitrack')), []);
  });

  it('with several deliveries, each delivery row lists every delivery-wide finding', () => {
    const [first] = rootNodes([delivery('/d/Song'), delivery('/d/Other')]);
    assert.equal(first!.type, 'delivery');
    assert.deepEqual(rules(first!), ['stems/missing-group', 'references/missing', 'session/terms-missing', 'naming/generic']);
  });
});

function listMarkdown(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listMarkdown(full) : e.name.endsWith('.md') ? [full] : [];
  });
}
