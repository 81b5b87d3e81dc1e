/** Error codes that mean Intune could not be reached at all (as opposed to Intune answering with an error). */
export const INTUNE_UNREACHABLE: ReadonlySet<string> = new Set(['offline', 'not-graph', 'stalled', 'timeout'])
