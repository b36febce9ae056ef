/** The extension's settings as the server uses them (package.json contributes.configuration). */
export interface ServerSettings {
  defaultPreset: string | undefined;
  jobs: number | undefined;
  analyseOnOpen: boolean;
  severityOverrides: Record<string, string>;
}

/** Reads the `audioDeliverables` section defensively: settings are user text. */
export function readSettings(section: unknown): ServerSettings {
  const s = (section && typeof section === 'object' ? section : {}) as Record<string, unknown>;
  const analysis = (s.analysis && typeof s.analysis === 'object' ? s.analysis : {}) as Record<string, unknown>;
  const rules = s.rules && typeof s.rules === 'object' ? (s.rules as Record<string, unknown>) : {};
  const jobs = typeof analysis.jobs === 'number' && Number.isInteger(analysis.jobs) && analysis.jobs > 0 ? Math.min(64, analysis.jobs) : undefined;
  return {
    defaultPreset: typeof s.defaultPreset === 'string' ? s.defaultPreset : undefined,
    jobs,
    analyseOnOpen: analysis.onOpen !== false,
    severityOverrides: Object.fromEntries(Object.entries(rules).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
  };
}
