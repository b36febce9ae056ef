import * as assert from 'node:assert/strict';
import { childNodes, fileNodeFor, parentNode, rootNodes } from '../../src/providers/deliveryTreeModel';
import type { DeliveryDto, FileDto } from '../../src/shared/protocol';

/** The tree's shape as TreeView.reveal walks it: a file's node, and its parents up to the top. */
describe('Delivery tree model: parents for reveal', () => {
  const file = (path: string, role: FileDto['role']): FileDto => ({
    path, role, group: null, kind: null, reason: '', size: 1, format: null, analysis: null, description: '',
  });
  const delivery = (root: string, files: FileDto[]): DeliveryDto => ({
    root, name: root.slice(root.lastIndexOf('/') + 1), specPath: null, files, findings: [], summary: { errors: 0, warnings: 0, infos: 0 }, required: { stems: [], references: [] }, nullTest: null,
  });
  const song = delivery('/album/Song', [file('Stems/Drums.wav', 'stem'), file('References/Main.wav', 'reference')]);
  const other = delivery('/album/Other', [file('Stems/Bass.wav', 'stem')]);

  it('finds the node a file has in the tree, with the same id the tree gives it', () => {
    const node = fileNodeFor([song], '/album/Song', 'References/Main.wav');
    const group = rootNodes([song]).find((g) => g.type === 'group' && g.role === 'reference')!;
    assert.deepEqual(node, childNodes(group)[0]);
    assert.equal(fileNodeFor([song], '/album/Song', 'References/Gone.wav'), null);
    assert.equal(fileNodeFor([song], '/album/Other', 'Stems/Bass.wav'), null);
  });

  it('one delivery: file → role group → top', () => {
    const node = fileNodeFor([song], '/album/Song', 'Stems/Drums.wav')!;
    const group = parentNode([song], node)!;
    assert.deepEqual([group.type, group.id], ['group', 'group:/album/Song:stem']);
    assert.equal(parentNode([song], group), undefined);
  });

  it('several deliveries: file → role group → delivery → top', () => {
    const all = [song, other];
    const group = parentNode(all, fileNodeFor(all, '/album/Other', 'Stems/Bass.wav')!)!;
    const top = parentNode(all, group)!;
    assert.deepEqual([top.type, top.id], ['delivery', 'delivery:/album/Other']);
    assert.deepEqual(top, rootNodes(all).find((n) => n.id === top.id));
    assert.equal(parentNode(all, top), undefined);
  });
});

/** The view's "only files with problems" filter, on the same shape. */
describe('Delivery tree model: only files with problems', () => {
  const file = (path: string, role: FileDto['role']): FileDto => ({
    path, role, group: null, kind: null, reason: '', size: 1, format: null, analysis: null, description: '',
  });
  const finding = (rule: string, fileName: string | null): DeliveryDto['findings'][number] => ({ rule, severity: 'warning', message: rule, file: fileName, timeSec: null, data: {} });
  const song: DeliveryDto = {
    root: '/album/Song', name: 'Song', specPath: null, required: { stems: [], references: [] }, nullTest: null,
    files: [file('Stems/Drums.wav', 'stem'), file('Stems/Bass.wav', 'stem'), file('References/Main.wav', 'reference'), file('Multitracks/Audio 1.wav', 'multitrack')],
    findings: [finding('align/length-mismatch', 'Stems/Bass.wav'), finding('naming/generic', 'Multitracks/Audio 1.wav'), finding('references/missing', null)],
    summary: { errors: 1, warnings: 2, infos: 0 },
  };
  const clean: DeliveryDto = { ...song, root: '/album/Clean', name: 'Clean', findings: [], summary: { errors: 0, warnings: 0, infos: 0 } };
  const shape = (nodes: ReturnType<typeof rootNodes>, options = { onlyProblems: true }): unknown =>
    nodes.map((n) => [n.label, n.description, shape(childNodes(n, options), options)]);

  it('keeps only the files a finding names, and only the groups holding one', () => {
    assert.deepEqual(shape(rootNodes([song], { onlyProblems: true })), [
      ['Multi-tracks', '1', [['Audio 1.wav', '1 B', []]]],
      ['Stems', '1', [['Bass.wav', '1 B', []]]],
    ]);
  });

  it('a clean delivery shows nothing under the filter, and everything without it', () => {
    assert.deepEqual(rootNodes([clean], { onlyProblems: true }), []);
    assert.equal(rootNodes([clean]).length, 7);
  });

  it('several deliveries: each keeps its node, filtered below', () => {
    assert.deepEqual(shape(rootNodes([song, clean], { onlyProblems: true })), [
      ['Song', '2 files · 1 error · 2 warnings', [['Multi-tracks', '1', [['Audio 1.wav', '1 B', []]]], ['Stems', '1', [['Bass.wav', '1 B', []]]]]],
      ['Clean', '0 files', []],
    ]);
  });

  it('parents for reveal follow the filtered tree', () => {
    const bass = fileNodeFor([song], '/album/Song', 'Stems/Bass.wav')!;
    const group = parentNode([song], bass, { onlyProblems: true })!;
    assert.deepEqual([group.type, group.description], ['group', '1']);
  });
});
