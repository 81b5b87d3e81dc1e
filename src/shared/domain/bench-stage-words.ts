/**
 * A bench stage in words, as the Bench shows it and the hand-over CSV writes it (never the stored
 * code). Keyed by the stages of bench-schemas.ts; the renderer's strings check it covers every one.
 */
export const benchStageWords = {
  scanned: 'Scanned',
  ready: 'Ready',
  provisioning: 'Provisioning',
  succeeded: 'Succeeded — reseal',
  resealed: 'Resealed',
  failed: 'Failed',
} as const
