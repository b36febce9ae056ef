/**
 * Limits of the deliverables/overview request, in a file of its own so the webviews' bundles can
 * use them without pulling in the LSP protocol module.
 */
export const MAX_OVERVIEW_COLUMNS = 16384;
