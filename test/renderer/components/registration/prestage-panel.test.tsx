import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useEffect, useState } from 'react'
import { PrestagePanel } from '@renderer/components/registration/prestage-panel'
import { useRegistrationStoreApi } from '@renderer/stores/stores-context'
import type { PrestagePlan } from '@shared/registration-schemas'
import { createFakeApi, ok } from '@support/renderer/fake-api'
import { renderWithStores } from '@support/renderer/render-with-stores'

const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)))

const job = {
  id: 'j1',
  name: 'Order PS',
  purchaseOrder: '',
  tenantId: 't',
  expectedProfileId: null,
  expectedProfileName: null,
  groupTag: 'BENCH-NYC',
  deviceNameTemplate: '',
  createdAt: '2026-12-04T10:00:00Z',
  closedAt: null,
  manifestRows: 1,
}

const plan = (failed: boolean): PrestagePlan => ({
  jobId: 'j1',
  rows: [
    {
      serialNumber: 'PF409EN2',
      deviceId: 'd1',
      groupTag: 'BENCH-NYC',
      userPrincipalName: 'zed.nobody@contoso.com',
      displayName: '',
      state: failed ? 'failed' : 'to-apply',
      changes: failed ? [{ kind: 'assign-user', state: 'failed', message: "User 'zed.nobody@contoso.com' was not found." }] : [],
      userCheck: null,
      notes: [],
    },
  ],
  groupTag: null,
  counts: { rows: 1, notRegistered: 0, toApply: failed ? 0 : 1, inProgress: 0, done: 0, failed: failed ? 1 : 0, nothing: 0, userNotFound: 0 },
})

/** The panel as the Register screen holds it: attached while shown. */
function Shown() {
  const store = useRegistrationStoreApi()
  useEffect(() => store.getState().attach(), [store])
  return <PrestagePanel />
}

/** The Register screen left and come back to (the Changes screen meanwhile). */
let showPanel: (shown: boolean) => void = () => undefined
function Toggled() {
  const [shown, setShown] = useState(true)
  showPanel = setShown
  return shown ? <Shown /> : <p>elsewhere</p>
}

describe('Pre-stage panel', () => {
  it("says a row's user is not found in the tenant and that Apply skips it; a user not checked offline is said on its row", async () => {
    const row = plan(false).rows[0]!
    const checked: PrestagePlan = {
      ...plan(false),
      rows: [
        { ...row, state: 'user-not-found', userCheck: 'not-found' },
        { ...row, serialNumber: 'PF409EN3', userPrincipalName: 'new.hire@contoso.com', state: 'to-apply', userCheck: 'not-checked' },
      ],
      counts: { rows: 2, notRegistered: 0, toApply: 1, inProgress: 0, done: 0, failed: 0, nothing: 0, userNotFound: 1 },
    }
    const api = createFakeApi({ 'jobs:list-jobs': () => ok({ jobs: [job] }), 'prestage:get-plan': () => ok(checked) })
    renderWithStores(<Shown />, api)
    await flush()
    fireEvent.change(screen.getByTestId('prestage-job'), { target: { value: 'j1' } })
    await flush()
    const rows = within(screen.getByTestId('prestage-rows'))
    expect(rows.getByText(/Not applied — User not found in the tenant: zed\.nobody@contoso\.com/)).toBeTruthy()
    expect(rows.getByText(/User not checked \(Intune could not be asked\): new\.hire@contoso\.com\. Applied anyway/)).toBeTruthy()
    const skipped = screen.getByTestId('prestage-users-not-found')
    expect(skipped.textContent).toBe("1 row not applied: its user is not found in the tenant. Correct the user in the job's manifest (Jobs), then apply again.")
    const apply = screen.getByTestId('prestage-apply')
    expect(apply.textContent).toBe('Apply to 1 device')
    expect(apply.getAttribute('aria-describedby')).toBe(skipped.id)
  })

  it('a user not checked because Intune is not answering says that Intune did not answer', async () => {
    const unanswered: PrestagePlan = {
      ...plan(false),
      rows: [{ ...plan(false).rows[0]!, userPrincipalName: 'new.hire@contoso.com', userCheck: 'not-checked' }],
      usersUnanswered: true,
    }
    const api = createFakeApi({ 'jobs:list-jobs': () => ok({ jobs: [job] }), 'prestage:get-plan': () => ok(unanswered) })
    renderWithStores(<Shown />, api)
    await flush()
    fireEvent.change(screen.getByTestId('prestage-job'), { target: { value: 'j1' } })
    await flush()
    expect(
      within(screen.getByTestId('prestage-rows')).getByText(
        'User not checked (Intune did not answer): new.hire@contoso.com. Applied anyway; Intune says at delivery whether it exists.',
      ),
    ).toBeTruthy()
  })

  it('names a failed change by its kind in words, not the outbox word', async () => {
    const api = createFakeApi({ 'jobs:list-jobs': () => ok({ jobs: [job] }), 'prestage:get-plan': () => ok(plan(true)) })
    renderWithStores(<Shown />, api)
    await flush()
    fireEvent.change(screen.getByTestId('prestage-job'), { target: { value: 'j1' } })
    await flush()
    const rows = within(screen.getByTestId('prestage-rows'))
    expect(rows.getByText(/Failed \(see Changes\) — Assigned user: User 'zed\.nobody@contoso\.com' was not found\./)).toBeTruthy()
    expect(rows.queryByText(/assign-user/)).toBeNull()
  })

  it('re-reads its plan when shown again: changes discarded or made meanwhile are counted', async () => {
    let failed = true
    const api = createFakeApi({ 'jobs:list-jobs': () => ok({ jobs: [job] }), 'prestage:get-plan': () => ok(plan(failed)) })
    renderWithStores(<Toggled />, api)
    await flush()
    fireEvent.change(screen.getByTestId('prestage-job'), { target: { value: 'j1' } })
    await flush()
    expect(screen.getByTestId('prestage-counts').textContent).toContain('0 to apply')
    // Away on the Changes screen: the failed change discarded, the user assigned again.
    act(() => showPanel(false))
    failed = false
    act(() => showPanel(true))
    await flush()
    expect(screen.getByTestId('prestage-counts').textContent).toBe('1 manifest row: 1 to apply, 0 in progress, 0 done, 0 failed, 0 not registered.')
    expect(screen.getByTestId<HTMLButtonElement>('prestage-apply').disabled).toBe(false)
  })
})
