import type { DeviceCard } from '@shared/card-schemas'
import type { DeviceChange } from '@shared/change-schemas'
import type { AppError } from '@shared/result'
import { deviceCardStrings } from '../../strings/device-card'
import { useBenchStore } from '../../stores/stores-context'
import { DeviceNameEditor } from './device-name-editor'
import { GroupTagEditor } from './group-tag-editor'
import { valueNow } from './value-now'
import { useFeatureAccess } from '../../data/use-feature-access'
import { FeatureOff } from '../feature-off'

/** Group tag and device name, both queued in the outbox; the card's job supplies the default tag. */
export function CardEditors({ card, queue }: { card: DeviceCard; queue(change: DeviceChange): Promise<AppError | null> }) {
  const job = useBenchStore((state) => state.jobs.find((candidate) => candidate.id === card.jobId) ?? null)
  const groupTag = valueNow(card.device, 'groupTag')
  const displayName = valueNow(card.device, 'displayName')
  const waiting = (field: string) => card.device.pending.some((p) => p.field === field)
  const write = useFeatureAccess('autopilot-write')
  return (
    <section className="device-card__panel" aria-labelledby="card-editors-heading" data-testid="card-editors">
      <h2 id="card-editors-heading" tabIndex={-1}>
        {deviceCardStrings.editors.heading}
      </h2>
      <FeatureOff reason={write.reason} />
      {/* A disabled fieldset turns every field and button inside off at once. */}
      <fieldset className="device-card__fieldset" disabled={!write.available}>
        <GroupTagEditor
          current={groupTag}
          jobTag={job?.groupTag || null}
          card={card}
          waiting={waiting('groupTag')}
          onSave={(value) => queue({ kind: 'group-tag', groupTag: value })}
        />
        <DeviceNameEditor
          current={displayName}
          waiting={waiting('displayName')}
          serial={card.device.serialNumber}
          card={card}
          onSave={(value) => queue({ kind: 'device-name', displayName: value })}
        />
      </fieldset>
    </section>
  )
}
