import { PRESET_IDS } from '../core/spec/effectiveSpec';
import { ALT_MIX_KINDS, DEFAULT_VOCAL_DB } from '../core/render/altMix';
import { EXIT_CLEAN, type Out } from './args';

const CHECKSUMS_WRITE = `audio-deliverables checksums write DIR [--out FILE]

Writes a SHA-256 manifest of every file of the delivery in DIR (audio, documents, sessions; not
delivery.json, hidden files or the manifest itself), in the format of sha256sum: check it with
'audio-deliverables checksums verify DIR', or run 'sha256sum -c checksums.sha256' in DIR.
  --out FILE     where to write (default: the manifest delivery.json names, else DIR/checksums.sha256);
                 names in it are relative to its folder
An existing manifest is never overwritten: the command stops with exit code 2.`;

const CHECKSUMS_VERIFY = `audio-deliverables checksums verify DIR [--manifest FILE] [--format text|json]

Hashes every file the manifest lists and compares: one line per file that differs, cannot be
read or is absent from DIR, then a summary. Audio files the manifest does not list are warnings.
  --manifest FILE  the manifest (default: the one delivery.json names, else DIR/checksums.sha256)
  --format FMT     text (default) or json
Exit codes: 0 every listed file matches, 1 a file differs or is absent, 2 usage or I/O error
(no manifest, or a file that holds no checksum lines).`;

const HELP: Record<string, string> = {
  main: `audio-deliverables — check an audio delivery (multi-tracks, stems, references) against its spec

Usage:
  audio-deliverables check DIR [--spec FILE] [--preset ID] [--format text|json|sarif|markdown]
                             [--fail-on error|warning|info|never] [--jobs N] [--no-cache]
  audio-deliverables info FILE [--format text|json] [--no-cache]
  audio-deliverables render-alt DIR --kind ${ALT_MIX_KINDS.join('|')}
                             [--db N] [--out FILE] [--spec FILE] [--preset ID] [--format text|json]
  audio-deliverables checksums write DIR [--out FILE]
  audio-deliverables checksums verify DIR [--manifest FILE] [--format text|json]
  audio-deliverables rules [--format text|json]
  audio-deliverables help [COMMAND]

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.`,
  check: `audio-deliverables check DIR [options]

Scans DIR (a delivery folder), classifies every file and reports findings.
  --spec FILE        delivery.json to use (default: DIR/delivery.json, if present)
  --preset ID        preset when delivery.json names none: ${PRESET_IDS.join(', ')}
  --format FMT       text (default), json (the documented JSON contract; schema in schemas/),
                     sarif (SARIF 2.1.0 for code-scanning tools) or markdown (a report for a client)
  --fail-on LEVEL    error (default), warning, info or never: exit 1 at or above it
  --jobs N           analysis worker threads (default: the number of cores)
  --no-cache         analyse every file again (the cache lives in the user's cache folder)`,
  info: `audio-deliverables info FILE [--format text|json] [--no-cache]

Prints one audio file's format and measured levels, as one file object of check's JSON output.`,
  'render-alt': `audio-deliverables render-alt DIR --kind KIND [options]

Prints an alternate mix of the delivery in DIR from its stems, summed in lockstep:
  instrumental   every stem but vocals and backing vocals
  a-cappella     vocals and backing vocals only
  tv             every stem but the lead vocal (backing vocals stay)
  vocal-up       every stem, the lead vocal raised by --db (backing vocals at unity)
  vocal-down     every stem, the lead vocal lowered by --db
The file has the stems' sample rate and channels and the widest of their sample formats (integer
output is TPDF-dithered). Stems of different lengths are rendered to the longest.
  --db N         vocal change in dB for vocal-up / vocal-down (default ${DEFAULT_VOCAL_DB})
  --out FILE     where to write (default: <references folder>/<Artist>_<Title>_<Kind>.wav)
  --spec FILE    delivery.json to use; --preset ID as for check
  --format FMT   text (default) or json
An existing file is never overwritten: " (2)", " (3)"… is added to the name.`,
  rules: `audio-deliverables rules [--format text|json]

Lists every rule: its id, default severity, what it checks and its documentation page.
Turn a rule off or change its severity in delivery.json: "rules": { "naming/generic": "off" }.`,
  checksums: `${CHECKSUMS_WRITE}\n\n${CHECKSUMS_VERIFY}`,
  'checksums write': CHECKSUMS_WRITE,
  'checksums verify': CHECKSUMS_VERIFY,
};

/**
 * The help of a command ("check", "checksums verify"…); `help checksums write` finds the
 * subcommand's, and anything unknown gets the main help.
 */
export function helpText(topic: readonly string[]): string {
  return HELP[topic.slice(0, 2).join(' ')] ?? HELP[topic[0] ?? 'main'] ?? HELP.main!;
}

export function printHelp(command: string, out: Out): number {
  out.write(helpText([command]) + '\n');
  return EXIT_CLEAN;
}
