import type { BenchStage } from '@shared/bench-schemas'
import { benchStrings } from '../../strings/bench'

/** A bench stage as icon AND text (never colour alone); the colour only repeats it. Its words are its tooltip too: a narrow column clips them. */
export function StageBadge({ stage }: { stage: BenchStage }) {
  return (
    <span className={`stage-badge stage-badge--${stage}`} data-stage={stage} title={benchStrings.stage[stage]}>
      <span aria-hidden="true" className="stage-badge__icon">
        {benchStrings.stageIcon[stage]}
      </span>{' '}
      {benchStrings.stage[stage]}
    </span>
  )
}
