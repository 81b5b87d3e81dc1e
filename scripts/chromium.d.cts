/** Types for scripts/chromium.cjs (imported by playwright.config.ts and its test). */
export interface LocatedChromium {
  path: string
  source: string
}
export function locateChromium(env?: NodeJS.ProcessEnv): LocatedChromium | undefined
export function ensureChromium(options?: {
  log?: (line: string) => void
  /** Runs a command; null when it succeeded, else what went wrong. */
  run?: (command: string, args: string[], timeoutMs: number) => string | null
  locate?: () => LocatedChromium | undefined
  platform?: NodeJS.Platform
  isRoot?: boolean
  hasAptGet?: boolean
}): LocatedChromium
