import { frameSpecs, qrCategories, type FrameCategory, type FrameSpec } from '@qr/synth/frame-set'

/**
 * The regression set `npm test` runs with the shipped decoder: 122 fixed-seed frames of every
 * category (the benchmark's kinds, fewer of them; 24 webcam-like), split in two halves so vitest
 * runs them on both cores. It asserts rates, never timings.
 */
export const regressionSeed = 2024

export type RegressionHalf = 'vga-fullhd' | 'hd'

export function regressionHalf(half: RegressionHalf): FrameSpec[] {
  const webcamLike: FrameCategory[] = ['webcam', 'dimwebcam']
  if (half === 'vga-fullhd') {
    return [
      ...frameSpecs({ seed: regressionSeed, perCell: 4, resolutions: [{ width: 640, height: 480 }] }),
      // More webcam-like frames, so the ≥ 90 % target is measured on 12 of them per half.
      ...frameSpecs({ seed: regressionSeed + 1, perCell: 2, categories: webcamLike, resolutions: [{ width: 640, height: 480 }] }),
      ...frameSpecs({ seed: regressionSeed, perCell: 2, categories: [...webcamLike, 'empty'], resolutions: [{ width: 1920, height: 1080 }] }),
    ]
  }
  return frameSpecs({ seed: regressionSeed, perCell: 4, resolutions: [{ width: 1280, height: 720 }] })
}

export const isQrCategory = (category: FrameCategory): boolean => (qrCategories as readonly string[]).includes(category)

export interface Tally {
  frames: number
  decoded: number
  wrong: number
}

export function rate(tallies: Record<string, Tally>, categories: readonly string[]): number {
  let frames = 0
  let decoded = 0
  for (const category of categories) {
    frames += tallies[category]?.frames ?? 0
    decoded += tallies[category]?.decoded ?? 0
  }
  return frames === 0 ? 1 : decoded / frames
}
