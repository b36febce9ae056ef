/**
 * The docs page of a rule, relative to the extension root: docs/rules/<family>/<name>.md.
 * A module of its own so the extension host can link to docs without bundling the rules.
 */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}
