import type { PresetId } from './effectiveSpec';
import { PRESETS } from './presets';

export interface TemplateProject {
  artist?: string;
  title?: string;
}

/** Folder names a new delivery starts with; they are also what classification expects. */
export const NEW_DELIVERY_FOLDERS = ['Multitracks', 'Stems', 'References', 'Session', 'Docs'] as const;

/**
 * The delivery.json a new delivery starts with: the preset, the project, the folders, an empty
 * session block to fill in (who owns the session, whether it is handed over), with comments that
 * say what each part is for. JSON.stringify quotes user text, so names cannot break the file.
 */
export function specTemplate(preset: PresetId, project: TemplateProject = {}): string {
  const p = PRESETS[preset];
  const q = (v: string) => JSON.stringify(v);
  return `{
  // ${p.title}: ${p.source}
  "preset": ${q(preset)},
  "project": { "artist": ${q(project.artist ?? '')}, "title": ${q(project.title ?? '')} },
  "multitracks": { "folder": "Multitracks" },
  "stems": { "folder": "Stems", "required": ${JSON.stringify(p.defaults.stems.required)} },
  "references": { "folder": "References", "required": ${JSON.stringify(p.defaults.references.required)} },
  // The session belongs to the engineer unless a contract says it is to be handed over.
  "session": { "owner": "", "handover": false, "notes": "" },
  // Per-rule severities: "error", "warning", "info" or "off".
  "rules": {}
}
`;
}
