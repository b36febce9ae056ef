import { extensionOf } from '../../delivery/tokens';

/** The application (or interchange format) behind a session file's extension, for messages. */
const SESSION_APPS: Readonly<Record<string, string>> = {
  ptx: 'Pro Tools', ptf: 'Pro Tools', pts: 'Pro Tools', logicx: 'Logic Pro', logic: 'Logic Pro',
  band: 'GarageBand', als: 'Ableton Live', alp: 'Ableton Live pack', cpr: 'Cubase', npr: 'Nuendo',
  rpp: 'Reaper', 'rpp-bak': 'Reaper backup', song: 'Studio One', studioone: 'Studio One',
  flp: 'FL Studio', aaf: 'AAF', omf: 'OMF', omfi: 'OMF', sesx: 'Audition', dawproject: 'DAWproject',
  bwproject: 'Bitwig Studio', reason: 'Reason', ardour: 'Ardour', xrns: 'Renoise', aup: 'Audacity',
  aup3: 'Audacity', mmpz: 'LMMS', cwp: 'Cakewalk',
};

/** "a Pro Tools session", "an AAF export", or "a DAW session" when the extension is not known. */
export function describeSession(relPath: string): string {
  const app = SESSION_APPS[extensionOf(relPath)];
  if (app === 'AAF' || app === 'OMF') return `an ${app} export of the session`;
  return app ? `a ${app} session` : 'a DAW session';
}
