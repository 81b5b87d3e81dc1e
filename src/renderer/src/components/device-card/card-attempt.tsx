import { useBenchStore } from '../../stores/stores-context'
import { deviceCardStrings as s } from '../../strings/device-card'
import { AttemptRecorder } from '../bench/attempt-recorder'

/**
 * The pre-provisioning attempt of a device at the bench, recorded with the Bench screen's own
 * recorder (docs/bench-jobs.md). Its single-letter keys stay off here: on the card the technician types
 * into fields, and P/S/F/R belong to the Bench screen.
 */
export function CardAttempt({ deviceId }: { deviceId: string }) {
  const benchDevice = useBenchStore((state) => state.devices.find((candidate) => candidate.deviceId === deviceId) ?? null)
  if (!benchDevice) return null
  return (
    <section className="device-card__panel" aria-labelledby="card-attempt-heading" data-testid="card-attempt">
      <h2 id="card-attempt-heading">{s.attempt.heading}</h2>
      <AttemptRecorder device={benchDevice} keysEnabled={false} />
    </section>
  )
}
