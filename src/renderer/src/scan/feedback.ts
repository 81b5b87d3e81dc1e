/**
 * The success cue: a short beep (Web Audio, no asset file) — the flash is CSS on the camera view.
 * Silently does nothing where audio is unavailable or blocked.
 */
let context: AudioContext | null = null

export function playScanBeep(): void {
  try {
    const Context = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext
    if (!Context) return
    context ??= new Context()
    const oscillator = context.createOscillator()
    const gain = context.createGain()
    oscillator.type = 'sine'
    oscillator.frequency.value = 1320
    gain.gain.setValueAtTime(0.12, context.currentTime)
    gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.12)
    oscillator.connect(gain).connect(context.destination)
    oscillator.start()
    oscillator.stop(context.currentTime + 0.12)
  } catch {
    // No audio device, autoplay policy: the visual cue and the announcement remain.
  }
}
