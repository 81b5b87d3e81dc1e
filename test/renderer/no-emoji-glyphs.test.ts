import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Every file under a folder, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

// Emoji-only characters (pictographs, and the hourglasses and clocks of U+231A–23FA that render as emoji):
// a bench PC or Debian's Chromium without an emoji font draws them as an empty box, as "⏳" did on the card.
const emoji = /[\u{1F300}-\u{1FAFF}\u{231A}\u{231B}\u{23F0}-\u{23FA}]/u

describe('UI text uses symbols every font has', () => {
  it('no emoji-only character in the renderer or the shared words', () => {
    const offenders = ['src/renderer/src', 'src/shared']
      .flatMap(filesUnder)
      .filter((file) => /\.(ts|tsx)$/.test(file))
      .filter((file) => emoji.test(readFileSync(file, 'utf8')))
    expect(offenders).toEqual([])
  })
})
