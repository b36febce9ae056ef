import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { version } from '../../../package.json';
import type { Delivery } from '../delivery/delivery';
import type { Finding, Severity } from '../findings';
import { RULES, ruleDocPath } from '../rules';
import { SPEC_FILE_NAME } from '../spec/spec';
import { formatClock } from './timeFormat';
import type { ValidationResult } from './result';
import { roundLevels } from './round';

/**
 * SARIF 2.1.0 (OASIS) rendering of a validation result, for code-scanning dashboards and SARIF
 * viewers. Paths stay relative to the delivery root through the `DELIVERYROOT` base id, so a log
 * moved to another machine still resolves once that base is remapped.
 */

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const ROOT_BASE_ID = 'DELIVERYROOT';

export interface SarifOptions {
  /**
   * Absolute path of the installed package (the folder holding dist/ and docs/). Rule help URIs
   * are `file://` URIs of the docs pages there: they exist offline, match the installed version
   * and need no web site; a viewer opens them like any other file.
   */
  packageRoot: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

interface ArtifactLocation { uri: string; uriBaseId?: string }
interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number }
interface SarifLocation {
  id?: number;
  physicalLocation: { artifactLocation: ArtifactLocation; region?: Region };
  properties?: { timeSec: number; timecode: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  properties?: { data: Record<string, unknown> };
}

const LEVELS: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };

/** The whole SARIF log as pretty-printed JSON; levels rounded as in the JSON output. */
export function renderSarif(result: ValidationResult, delivery: Delivery, options: SarifOptions): string {
  return JSON.stringify(buildSarif(result, delivery, options), roundLevels, 2) + '\n';
}

export function buildSarif(result: ValidationResult, delivery: Delivery, options: SarifOptions) {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const locate = locator(delivery);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'audio-deliverables',
            version,
            semanticVersion: version,
            // The package has no web site: its README beside the CLI is the tool's information page.
            informationUri: fileUri(path.join(options.packageRoot, 'README.md')),
            rules: RULES.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
              helpUri: fileUri(path.join(options.packageRoot, ruleDocPath(rule.id))),
            })),
          },
        },
        originalUriBaseIds: { [ROOT_BASE_ID]: { uri: directoryUri(result.root) } },
        // Ranges come from the JSONC parser, which counts UTF-16 code units like JavaScript.
        columnKind: 'utf16CodeUnits' as const,
        results: result.findings.map((f): SarifResult => {
          const index = ruleIndex.get(f.rule);
          const location = locate(f.file);
          return {
            ruleId: f.rule,
            ...(index === undefined ? {} : { ruleIndex: index }),
            level: LEVELS[f.severity],
            message: { text: f.message },
            locations: location ? [withDetail(location, f)] : [],
            ...(f.related?.length ? { relatedLocations: relatedLocations(f.related, locate) } : {}),
            ...(Object.keys(f.data).length > 0 ? { properties: { data: f.data } } : {}),
          };
        }),
        properties: { preset: delivery.effective.preset, summary: result.summary },
      },
    ],
  };
}

/** Where a finding's file is: relative to DELIVERYROOT, or the --spec file wherever it lives. */
function locator(delivery: Delivery): (file: string | null) => SarifLocation | null {
  const specOutsideRoot = delivery.specPath !== null && delivery.specPath !== path.join(delivery.root, SPEC_FILE_NAME);
  return (file) => {
    // A finding about the delivery as a whole points at its spec, which names what was expected.
    const target = file ?? (delivery.specPath ? SPEC_FILE_NAME : null);
    if (target === null) return null;
    const artifactLocation: ArtifactLocation = target === SPEC_FILE_NAME && specOutsideRoot
      ? { uri: fileUri(delivery.specPath!) }
      : { uri: relativeUri(target), uriBaseId: ROOT_BASE_ID };
    return { physicalLocation: { artifactLocation } };
  };
}

/** Adds the text region (delivery.json) or the time in the audio (audio files: no text lines). */
function withDetail(location: SarifLocation, f: Finding): SarifLocation {
  if (f.range) {
    const { start, end } = f.range;
    const region = { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
    return { physicalLocation: { ...location.physicalLocation, region } };
  }
  if (f.timeSec !== null && f.file !== null) return { ...location, properties: { timeSec: f.timeSec, timecode: formatClock(f.timeSec) } };
  return location;
}

function relatedLocations(files: string[], locate: (file: string) => SarifLocation | null): SarifLocation[] {
  // SARIF wants related locations unique, each with its own id.
  return [...new Set(files)].flatMap((file, id) => {
    const location = locate(file);
    return location ? [{ id, ...location }] : [];
  });
}

/** A relative URI reference: every path segment percent-encoded ("01 Kick In.wav" → "01%20Kick%20In.wav"). */
export function relativeUri(relPath: string): string {
  return relPath.split('/').map(encodeURIComponent).join('/');
}

function fileUri(absPath: string): string {
  return pathToFileURL(absPath).href;
}

/** Base URIs of originalUriBaseIds must end with a slash (SARIF §3.14.14). */
function directoryUri(absPath: string): string {
  const uri = fileUri(absPath);
  return uri.endsWith('/') ? uri : `${uri}/`;
}
