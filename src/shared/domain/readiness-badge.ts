import type { ReadinessItem, ReadinessResult, ReadinessRuleId } from './readiness'

/**
 * The readiness check in one word and one next action, for a bench row:
 * - `blocked`: Provision would fail whatever the technician does at the bench (a virtual machine, a
 *   re-used device the one-time limit blocks, a profile that can't pre-provision, Fix pending /
 *   Attention required, a deleted Entra object, no ESP): the fix is an admin action or another device;
 * - `not-ready`: something fails that the bench flow fixes (group tag, user, name, waiting for assignment);
 * - `unknown`: nothing fails, but something could not be checked — never shown as ready;
 * - `ready`: nothing fails and nothing is unknown (notes may remain).
 */
export type ReadinessLevel = 'ready' | 'not-ready' | 'blocked' | 'unknown'

export interface ReadinessBadge {
  level: ReadinessLevel
  /** The one thing to do next. */
  next: string
  /** The item the next action comes from; null when ready without notes. */
  ruleId: ReadinessRuleId | null
  /** That item's title, e.g. "Not a virtual machine". */
  title: string | null
}

/** Most decisive first: nothing helps a virtual machine; a profile fix is pointless while the record is blocked. */
const BLOCKING: readonly ReadinessRuleId[] = ['virtual-machine', 'remediation', 'entra-object', 're-enrollment', 'profile-mode', 'esp']

const firstOf = (items: readonly ReadinessItem[], ids: readonly ReadinessRuleId[], status: ReadinessItem['status']): ReadinessItem | undefined => {
  for (const id of ids) {
    const found = items.find((item) => item.id === id && item.status === status)
    if (found) return found
  }
  return undefined
}

const nextOf = (item: ReadinessItem): string => item.fix ?? item.reason

export function readinessBadge(result: Pick<ReadinessResult, 'items'>): ReadinessBadge {
  const { items } = result
  const blocking = firstOf(items, BLOCKING, 'fail')
  if (blocking) return { level: 'blocked', next: nextOf(blocking), ruleId: blocking.id, title: blocking.title }
  const failing = items.find((item) => item.status === 'fail')
  if (failing) return { level: 'not-ready', next: nextOf(failing), ruleId: failing.id, title: failing.title }
  const unknown = items.find((item) => item.status === 'unknown')
  if (unknown) return { level: 'unknown', next: nextOf(unknown), ruleId: unknown.id, title: unknown.title }
  const note = items.find((item) => item.status === 'warn')
  const press = 'Press Provision (Next) on the device, then P here.'
  if (note) return { level: 'ready', next: press, ruleId: note.id, title: note.title }
  return { level: 'ready', next: press, ruleId: null, title: null }
}
