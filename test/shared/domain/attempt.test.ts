import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  addMonthsUtc,
  attemptPhases,
  attemptReducer,
  attemptStateSchema,
  createAttempt,
  elapsedMs,
  formatElapsed,
  replayAttempt,
  RESEAL_CHECKLIST,
  userFlowWindow,
  validNextActions,
  recommendedNextAction,
  failureNote,
  failureEntry,
  type AttemptEvent,
  type AttemptPhase,
  type AttemptState,
} from '@shared/domain/attempt'
import { attemptActions } from '@shared/domain/error-knowledge'

const T0 = '2025-03-04T09:00:00.000Z'
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString()
const fresh = (manufacturer = 'LENOVO', model = '21HD'): AttemptState =>
  createAttempt({ id: 'a1', serialNumber: 'PF3ABCDE', manufacturer, model, createdAt: T0 })

function run(events: AttemptEvent[], initial = fresh()): AttemptState {
  const result = replayAttempt(initial, events)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.state
}
const failedWith = (code: string | null, initial = fresh()): AttemptState =>
  run(
    [
      { type: 'provision-pressed', at: at(0) },
      { type: 'failed', at: at(20), code },
    ],
    initial,
  )

describe('success path', () => {
  it('Provision → success → Reseal → enrollment confirmed, with a timeline', () => {
    const state = run([
      { type: 'provision-pressed', at: at(0) },
      { type: 'succeeded', at: at(42) },
      { type: 'resealed', at: at(43) },
      { type: 'enrollment-confirmed', at: at(60), managedDeviceId: 'md-1' },
    ])
    expect(state.phase).toBe('resealed')
    expect(state.outcome).toEqual({ kind: 'success', at: at(42) })
    expect(state.resealedAt).toBe(at(43))
    expect(state.enrollmentConfirmedAt).toBe(at(60))
    expect(state.managedDeviceId).toBe('md-1')
    expect(state.timeline.map((e) => e.label)).toEqual(['Provision pressed', 'Success screen', 'Resealed (device shut down)', 'Enrollment confirmed in Intune'])
    expect(elapsedMs(state, at(999))).toBe(42 * 60_000) // frozen at the outcome
    expect(validNextActions(state)).toEqual([])
    expect(attemptStateSchema.parse(state)).toEqual(state)
  })

  it('the user-flow window: +90 minutes and +6 months from the success', () => {
    const state = run([
      { type: 'provision-pressed', at: at(0) },
      { type: 'succeeded', at: at(42) },
    ])
    expect(userFlowWindow(state)).toMatchObject({
      technicianFlowFinishedAt: at(42),
      earliestUserFlowAt: at(42 + 90),
      userFlowDeadline: '2025-09-04T09:42:00.000Z',
    })
    expect(userFlowWindow(failedWith('0x81039001'))).toBeNull()
    expect(userFlowWindow(fresh())).toBeNull()
  })

  it('adds calendar months, clamped to the month end', () => {
    expect(addMonthsUtc('2025-08-31T10:00:00.000Z', 6)).toBe('2026-02-28T10:00:00.000Z')
    expect(addMonthsUtc('2027-08-31T10:00:00.000Z', 6)).toBe('2028-02-29T10:00:00.000Z')
    expect(addMonthsUtc('2025-03-31T00:00:00.000Z', 6)).toBe('2025-09-30T00:00:00.000Z')
    expect(addMonthsUtc('2025-12-15T23:59:59.000Z', 6)).toBe('2026-06-15T23:59:59.000Z')
  })

  it('the reseal checklist says what the docs say', () => {
    const text = RESEAL_CHECKLIST.map((item) => item.text).join(' ')
    expect(text).toMatch(/Reseal.*shuts the device down/)
    expect(text).toMatch(/don't turn the device back on/)
    expect(text).toMatch(/90 minutes/)
    expect(text).toMatch(/six months/)
    for (const item of RESEAL_CHECKLIST) expect(item.citation.pages.length).toBeGreaterThan(0)
    expect(new Set(RESEAL_CHECKLIST.map((item) => item.id)).size).toBe(RESEAL_CHECKLIST.length)
  })
})

describe('failure path and next actions from the knowledge base', () => {
  it('0x800705B4 (the virtual-machine timeout): set aside first on a Hyper-V virtual machine or an unknown model; retry first on another model', () => {
    expect(validNextActions(failedWith('0x800705B4', fresh('Microsoft Corporation', 'Virtual Machine')))).toEqual(['abandon', 'retry', 'reset'])
    expect(recommendedNextAction(failedWith('0x800705B4', fresh('Microsoft Corporation', 'Virtual Machine')))).toBe('abandon')
    expect(recommendedNextAction(failedWith('0x800705B4', fresh('Dell Inc.', '')))).toBe('abandon')
    const latitude = failedWith('0x800705B4', fresh('Dell Inc.', 'Latitude 5440'))
    expect(validNextActions(latitude)).toEqual(['retry', 'reset', 'abandon'])
    expect(recommendedNextAction(latitude)).toBe('retry')
    // The explanation's "don't pre-provision it" is answered for this device, beside the Retry it recommends.
    expect(failureNote(latitude)).toMatch(/^Latitude 5440 is not a Hyper-V virtual machine\. If it has TPM 2\.0 .*retry first/)
    expect(failureNote(failedWith('0x800705B4', fresh('Microsoft Corporation', 'Virtual Machine')))).toBeNull()
    expect(failureNote(failedWith('0x81039001'))).toBeNull()
    // Unknown codes recommend nothing; other codes keep their entry's order.
    expect(recommendedNextAction(failedWith('0x12345678'))).toBeNull()
    expect(recommendedNextAction(failedWith('0x81039001'))).toBe('retry')
  })

  it('0x800705B4 during Device setup (Apps) is the ESP time limit, not the virtual machine; at the TPM attestation or with no phase it stays the VM/TPM reading', () => {
    const surface = fresh('Microsoft Corporation', 'Surface Laptop 5')
    const inApps = run(
      [
        { type: 'provision-pressed', at: at(0) },
        { type: 'failed', at: at(20), code: '0x800705B4', during: 'device-setup' },
      ],
      surface,
    )
    expect(inApps.outcome).toMatchObject({ kind: 'failure', code: '0x800705B4', during: 'device-setup', knowledgeId: 'hresult:0x800705B4:esp-timeout' })
    expect(failureEntry(inApps)?.title).toMatch(/Enrollment Status Page's time limit/)
    expect(failureEntry(inApps)?.steps.join(' ')).not.toMatch(/Don't pre-provision/)
    expect(recommendedNextAction(inApps)).toBe('retry')
    expect(inApps.timeline.at(-1)?.label).toBe(
      "Failed: 0x800705B4 during Device setup (Apps) — Timeout: installation took longer than the Enrollment Status Page's time limit",
    )
    const atTpm = run(
      [
        { type: 'provision-pressed', at: at(0) },
        { type: 'failed', at: at(20), code: '0x800705B4', during: 'device-preparation' },
      ],
      surface,
    )
    expect(failureEntry(atTpm)?.action).toBe('unsupported-vm')
    expect(failureEntry(failedWith('0x800705B4', surface))?.action).toBe('unsupported-vm')
    // Correcting the code keeps the phase; a phase given with the correction replaces it.
    const corrected = attemptReducer(inApps, { type: 'code-entered', at: at(21), code: '800705b4' })
    expect(corrected.ok && failureEntry(corrected.state)?.id).toBe('hresult:0x800705B4:esp-timeout')
    const moved = attemptReducer(inApps, { type: 'code-entered', at: at(21), code: '0x800705B4', during: 'device-preparation' })
    expect(moved.ok && failureEntry(moved.state)?.action).toBe('unsupported-vm')
    // Stored attempts from before the phase existed still read.
    const old = JSON.parse(JSON.stringify(failedWith('0x800705B4', surface))) as { outcome: Record<string, unknown> }
    delete old.outcome.during
    expect(attemptStateSchema.parse(old).outcome).toMatchObject({ during: null })
  })

  it('0x81039001 → Retry first; retry closes the attempt', () => {
    const state = failedWith('0x81039001')
    expect(state.outcome).toMatchObject({ kind: 'failure', code: '0x81039001', knowledgeId: 'hresult:0x81039001', lookup: 'known', input: '0x81039001' })
    expect(state.timeline.at(-1)?.label).toBe('Failed: 0x81039001 — TPM attestation failed (intermittent)')
    expect(validNextActions(state)[0]).toBe('retry')
    const closed = attemptReducer(state, { type: 'next-action', at: at(21), action: 'retry' })
    expect(closed.ok && closed.state.phase).toBe('closed')
    expect(closed.ok && closed.state.nextAction).toEqual({ action: 'retry', at: at(21) })
    expect(elapsedMs(state, at(999))).toBe(20 * 60_000)
  })

  it('0x80180014 → delete the record or Unblock; Retry is refused', () => {
    const state = failedWith('-2145910764') // signed decimal, as some logs carry it
    expect(state.outcome).toMatchObject({ code: '0x80180014', input: '-2145910764' })
    expect(validNextActions(state)).toEqual(['delete-record', 'unblock', 'abandon'])
    const retry = attemptReducer(state, { type: 'next-action', at: at(21), action: 'retry' })
    expect(retry.ok).toBe(false)
    expect(!retry.ok && retry.error.code).toBe('action-not-offered')
    expect(!retry.ok && retry.error.message).toMatch(/offered: Delete the Intune device record, Unblock device/)
    expect(!retry.ok && retry.state).toBe(state)
    expect(attemptReducer(state, { type: 'next-action', at: at(21), action: 'delete-record' }).ok).toBe(true)
  })

  it('Unblock: refused for Dell, Dynabook, HP, Lenovo, Surface and on Fix pending; allowed for other OEMs', () => {
    for (const [manufacturer, model] of [
      ['Dell Inc.', 'Latitude 5440'],
      ['Dynabook Inc.', 'Portégé'],
      ['HP', 'EliteBook 840'],
      ['LENOVO', '21HD'],
      ['Microsoft Corporation', 'Surface Pro 9'],
    ] as const) {
      const result = attemptReducer(failedWith('0x80180014', fresh(manufacturer, model)), { type: 'next-action', at: at(21), action: 'unblock' })
      expect(!result.ok && result.error.code, manufacturer).toBe('unblock-not-eligible')
      expect(!result.ok && result.error.message).toMatch(/re-enroll automatically/)
    }
    const acer = failedWith('0x80180014', fresh('Acer', 'TravelMate P2'))
    expect(attemptReducer(acer, { type: 'next-action', at: at(21), action: 'unblock' }).ok).toBe(true)
    const fixPending = attemptReducer(acer, { type: 'next-action', at: at(21), action: 'unblock', profileStatus: 'fixPending' })
    expect(!fixPending.ok && fixPending.error.code).toBe('unblock-not-eligible')
    expect(!fixPending.ok && fixPending.error.message).toMatch(/Fix pending/)
    const unknownOem = attemptReducer(failedWith('0x80180014', fresh('', '')), { type: 'next-action', at: at(21), action: 'unblock' })
    expect(!unknownOem.ok && unknownOem.error.message).toMatch(/manufacturer is unknown/)
  })

  it.each([
    ['0x80180005', 'fix-profile'],
    ['801C03F3', 're-register'],
    ['0x800705B4', 'abandon'],
  ] as const)('%s → %s first', (code, first) => {
    // On a virtual machine: 0x800705B4 elsewhere is the test above.
    expect(validNextActions(failedWith(code, fresh('Microsoft Corporation', 'Virtual Machine')))[0]).toBe(first)
  })

  it('unknown, undocumented and missing codes offer every action, and say so in the timeline', () => {
    const unknown = failedWith('0x12345678')
    expect(unknown.outcome).toMatchObject({ code: '0x12345678', lookup: 'unknown', knowledgeId: null })
    expect(unknown.timeline.at(-1)?.label).toBe('Failed: 0x12345678 (not in the knowledge base)')
    expect(validNextActions(unknown)).toEqual([...attemptActions])
    const undocumented = failedWith('0x80070774')
    expect(undocumented.outcome).toMatchObject({ lookup: 'undocumented' })
    expect(undocumented.timeline.at(-1)?.label).toMatch(/no documented meaning/)
    const none = failedWith(null)
    expect(none.outcome).toMatchObject({ lookup: 'none', code: null, input: null })
    expect(none.timeline.at(-1)?.label).toBe('Failed (no error code entered)')
    expect(validNextActions(none)).toEqual([...attemptActions])
  })

  it('the code can be entered or corrected after the failure, until an action is chosen', () => {
    const none = failedWith(null)
    const entered = attemptReducer(none, { type: 'code-entered', at: at(22), code: '80180005' })
    expect(entered.ok).toBe(true)
    if (!entered.ok) return
    expect(entered.state.outcome).toMatchObject({ at: at(20), code: '0x80180005', lookup: 'known' })
    expect(entered.state.timeline.at(-1)?.label).toMatch(/^Code entered: 0x80180005 — /)
    expect(validNextActions(entered.state)[0]).toBe('fix-profile')
    expect(attemptReducer(none, { type: 'code-entered', at: at(22), code: '  ' })).toMatchObject({ ok: false, error: { code: 'invalid-event' } })
    const closed = run([{ type: 'next-action', at: at(23), action: 'fix-profile' }], entered.state)
    expect(attemptReducer(closed, { type: 'code-entered', at: at(24), code: '0x81039001' })).toMatchObject({ ok: false, error: { code: 'invalid-transition' } })
  })
})

describe('invalid transitions are refused', () => {
  const sample: Record<AttemptEvent['type'], (minutes: number) => AttemptEvent> = {
    'provision-pressed': (m) => ({ type: 'provision-pressed', at: at(m) }),
    succeeded: (m) => ({ type: 'succeeded', at: at(m) }),
    failed: (m) => ({ type: 'failed', at: at(m), code: '0x81039001' }),
    'code-entered': (m) => ({ type: 'code-entered', at: at(m), code: '0x81039001' }),
    resealed: (m) => ({ type: 'resealed', at: at(m) }),
    'enrollment-confirmed': (m) => ({ type: 'enrollment-confirmed', at: at(m) }),
    'next-action': (m) => ({ type: 'next-action', at: at(m), action: 'retry' }),
    cancelled: (m) => ({ type: 'cancelled', at: at(m) }),
  }
  const states: Record<AttemptPhase, AttemptState> = {
    idle: fresh(),
    provisioning: run([sample['provision-pressed'](0)]),
    succeeded: run([sample['provision-pressed'](0), sample.succeeded(1)]),
    failed: run([sample['provision-pressed'](0), sample.failed(1)]),
    resealed: run([sample['provision-pressed'](0), sample.succeeded(1), sample.resealed(2)]),
    closed: run([sample['provision-pressed'](0), sample.failed(1), sample['next-action'](2)]),
  }
  const allowed: Record<AttemptPhase, AttemptEvent['type'][]> = {
    idle: ['provision-pressed', 'cancelled'],
    provisioning: ['succeeded', 'failed', 'cancelled'],
    succeeded: ['resealed', 'enrollment-confirmed'],
    failed: ['code-entered', 'next-action'],
    resealed: ['enrollment-confirmed'],
    closed: [],
  }
  const cases = attemptPhases.flatMap((phase) =>
    (Object.keys(sample) as AttemptEvent['type'][]).map((type) => [phase, type, allowed[phase].includes(type)] as const),
  )

  it.each(cases)('%s + %s → allowed: %s', (phase, type, ok) => {
    const state = states[phase]
    const result = attemptReducer(state, sample[type](10))
    expect(result.ok).toBe(ok)
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-transition')
      expect(result.state).toBe(state)
    }
  })

  it('enrollment can be confirmed once only', () => {
    const confirmed = run([sample['enrollment-confirmed'](3)], states.resealed)
    expect(attemptReducer(confirmed, sample['enrollment-confirmed'](4))).toMatchObject({ ok: false, error: { code: 'invalid-transition' } })
    // Confirmed before Reseal, then resealed: fine.
    expect(run([sample['enrollment-confirmed'](3), sample.resealed(4)], states.succeeded).phase).toBe('resealed')
  })

  it('events may not go back in time; malformed events are refused', () => {
    const provisioning = states.provisioning
    expect(attemptReducer(provisioning, { type: 'succeeded', at: '2025-03-04T08:59:00.000Z' })).toMatchObject({
      ok: false,
      error: { code: 'time-before-previous' },
    })
    expect(attemptReducer(fresh(), { type: 'provision-pressed', at: '2025-03-04T08:00:00.000Z' })).toMatchObject({
      ok: false,
      error: { code: 'time-before-previous' },
    })
    expect(attemptReducer(provisioning, { type: 'succeeded', at: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'invalid-event' } })
    expect(attemptReducer(provisioning, { type: 'nonsense', at: at(1) } as unknown as AttemptEvent)).toMatchObject({
      ok: false,
      error: { code: 'invalid-event' },
    })
    expect(attemptReducer(states.failed, { type: 'next-action', at: at(3), action: 'reboot' } as unknown as AttemptEvent)).toMatchObject({
      ok: false,
      error: { code: 'invalid-event' },
    })
    // Same instant is fine (a fast keyboard).
    expect(attemptReducer(provisioning, { type: 'succeeded', at: at(0) }).ok).toBe(true)
  })

  it('cancelling a mistaken Provision press', () => {
    const state = run([sample.cancelled(1)], states.provisioning)
    expect(state.phase).toBe('closed')
    expect(state.cancelledAt).toBe(at(1))
    expect(run([{ type: 'cancelled', at: at(1), reason: 'wrong device' }], states.provisioning).timeline.at(-1)?.label).toBe('Cancelled: wrong device')
  })

  it('property: random event sequences never throw, refused events leave the state untouched, states stay schema-valid', () => {
    const eventArb = fc.record({
      type: fc.constantFrom(...(Object.keys(sample) as AttemptEvent['type'][])),
      minute: fc.integer({ min: -5, max: 500 }),
      action: fc.constantFrom(...attemptActions),
      code: fc.constantFrom('0x81039001', '0x80180014', '0x80180005', '0x12345678', '', '801c03f3'),
    })
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 12 }), fc.constantFrom('Acer', 'LENOVO', ''), (events, manufacturer) => {
        let state = fresh(manufacturer, 'X')
        for (const e of events) {
          const event: AttemptEvent =
            e.type === 'next-action'
              ? { type: 'next-action', at: at(e.minute), action: e.action }
              : e.type === 'failed' || e.type === 'code-entered'
                ? { type: e.type, at: at(e.minute), code: e.code }
                : { ...sample[e.type](e.minute) }
          const result = attemptReducer(state, event)
          if (result.ok) {
            expect(result.state.timeline.length).toBe(state.timeline.length + 1)
            state = result.state
          } else {
            expect(result.state).toBe(state)
          }
          expect(attemptStateSchema.safeParse(state).success).toBe(true)
          // Timeline times never decrease.
          const times = state.timeline.map((entry) => Date.parse(entry.at))
          expect([...times].sort((a, b) => a - b)).toEqual(times)
        }
      }),
    )
  })
})

describe('elapsed time', () => {
  it('null before Provision, running until the outcome', () => {
    expect(elapsedMs(fresh(), at(5))).toBeNull()
    const provisioning = run([{ type: 'provision-pressed', at: at(0) }])
    expect(elapsedMs(provisioning, at(7.5))).toBe(450_000)
    expect(elapsedMs(provisioning, at(-1))).toBe(0)
  })

  it.each([
    [0, '0:00'],
    [59_999, '0:59'],
    [61_000, '1:01'],
    [3_600_000, '1:00:00'],
    [3_909_000, '1:05:09'],
    [-5, '0:00'],
  ] as const)('%d ms → %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text)
  })
})
