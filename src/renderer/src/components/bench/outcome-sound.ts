/**
 * The bench's outcome sound (Web Audio, no asset file): success = two rising tones, failure = two low
 * tones. Silently does nothing where audio is unavailable or blocked; the row flash remains.
 */
let context: AudioContext | null = null

export function playOutcomeSound(outcome: 'success' | 'failure'): void {
  try {
    const Context = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext
    if (!Context) return
    context ??= new Context()
    const tones = outcome === 'success' ? [880, 1320] : [330, 247]
    tones.forEach((frequency, index) => {
      const ctx = context as AudioContext
      const start = ctx.currentTime + index * 0.18
      const oscillator = ctx.createOscillator()
      const gain = ctx.createGain()
      oscillator.type = outcome === 'success' ? 'sine' : 'square'
      oscillator.frequency.value = frequency
      gain.gain.setValueAtTime(0.12, start)
      gain.gain.exponentialRampToValueAtTime(0.001, start + 0.16)
      oscillator.connect(gain).connect(ctx.destination)
      oscillator.start(start)
      oscillator.stop(start + 0.16)
    })
  } catch {
    // No audio device or an autoplay policy: the flash and the stage word remain.
  }
}
