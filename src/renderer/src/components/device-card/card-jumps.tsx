import { deviceCardStrings as s } from '../../strings/device-card'

/** Fixed ids of the card's editable fields (one card per screen), so the jumps below can reach them. */
export const cardFieldIds = { groupTag: 'card-group-tag', deviceName: 'card-device-name', user: 'card-user' } as const

const jumps = [
  { label: s.jumps.groupTag, input: `${cardFieldIds.groupTag}-input`, panel: 'card-editors-heading' },
  { label: s.jumps.deviceName, input: `${cardFieldIds.deviceName}-input`, panel: 'card-editors-heading' },
  { label: s.jumps.user, input: `${cardFieldIds.user}-input`, panel: 'card-users-heading' },
  { label: s.jumps.actions, input: null, panel: 'card-actions-heading' },
] as const

/**
 * One Tab from the card's heading, the fields a technician came to change: the readiness checks before
 * them cite their sources, and Tab went through 40-odd links to reach the group tag. A jump focuses the
 * field (its panel's heading when the field is off: no write permission), and shows it.
 */
export function CardJumps() {
  const jump = (target: (typeof jumps)[number]) => {
    const input = target.input ? document.getElementById(target.input) : null
    // (A disabled fieldset turns its fields off; jsdom's :disabled does not see it, hence both.)
    const off = !input || input.matches(':disabled') || input.closest('fieldset[disabled]') !== null
    const element = off ? document.getElementById(target.panel) : input
    if (!element) return
    element.focus()
    // jsdom has no scrolling; the browser shows the field in the middle of the window.
    element.scrollIntoView?.({ block: 'center' })
  }
  return (
    <nav className="device-card__jumps" aria-label={s.jumps.label}>
      <span className="muted">{s.jumps.label}:</span>
      {jumps.map((target) => (
        <button key={target.label} type="button" className="button device-card__jump" onClick={() => jump(target)}>
          {target.label}
        </button>
      ))}
    </nav>
  )
}
