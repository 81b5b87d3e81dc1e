import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { createFakeApi, ok } from '@support/renderer/fake-api'
import { benchDevice } from '@support/renderer/bench-fake'

const profiles = [
  { id: 'p1', displayName: 'UD-AAD-PreProv', joinType: 'entra', deploymentMode: 'userDriven', preprovisioningAllowed: true, deviceNameTemplate: '' },
  { id: 'p2', displayName: 'SD-Kiosk', joinType: 'entra', deploymentMode: 'selfDeploying', preprovisioningAllowed: false, deviceNameTemplate: '' },
  { id: 'p3', displayName: 'UD-NoPP', joinType: 'entra', deploymentMode: 'userDriven', preprovisioningAllowed: false, deviceNameTemplate: '' },
]

function renderNewJob() {
  const api = createFakeApi({
    'jobs:list-jobs': () => ok({ jobs: [] }),
    'bench:list-devices': () => ok({ devices: [benchDevice('5CG2345ABCDE'), benchDevice('PF3ABCDE')] }),
    'profiles:list-profiles': () => ok({ profiles }),
  })
  const stores = createStores(api)
  stores.ui.getState().navigate('jobs')
  render(<AppRoot api={api} stores={stores} />)
  return { api, stores }
}

describe('job form: Autopilot warnings (issue #15 item 5)', () => {
  it('warns when the expected profile cannot pre-provision: self-deploying, or pre-provisioning not allowed', async () => {
    renderNewJob()
    fireEvent.click(await screen.findByRole('button', { name: 'New job' }))
    const form = screen.getByRole('form', { name: 'New job' })
    const select = within(form).getByLabelText<HTMLSelectElement>('Expected deployment profile')
    await within(select).findByRole('option', { name: 'SD-Kiosk' })
    fireEvent.change(select, { target: { value: 'p2' } })
    expect(within(form).getByTestId('job-profile-check').textContent).toMatch(/self-deploying: it can't pre-provision.*0x80180005/)
    fireEvent.change(select, { target: { value: 'p3' } })
    expect(within(form).getByTestId('job-profile-check').textContent).toMatch(/"Allow pre-provisioned deployment" = No/)
    fireEvent.change(select, { target: { value: 'p1' } })
    expect(within(form).queryByTestId('job-profile-check')).toBeNull()
  })

  it('checks the name template against the real serial numbers at the bench (CTS-%SERIAL% and a 12-character serial = 16)', async () => {
    renderNewJob()
    fireEvent.click(await screen.findByRole('button', { name: 'New job' }))
    const form = screen.getByRole('form', { name: 'New job' })
    fireEvent.change(within(form).getByLabelText('Device name template'), { target: { value: 'CTS-%SERIAL%' } })
    const check = await within(form).findByTestId('job-template-serials')
    expect(check.textContent).toContain("Serial 5CG2345ABCDE (at the bench) gives 'CTS-5CG2345ABCDE': 16 characters")
    expect(check.textContent).not.toContain('PF3ABCDE')
  })

  it('flags a comma in the job group tag', async () => {
    renderNewJob()
    fireEvent.click(await screen.findByRole('button', { name: 'New job' }))
    const form = screen.getByRole('form', { name: 'New job' })
    fireEvent.change(within(form).getByLabelText('Group tag'), { target: { value: 'ORDER,1' } })
    expect(within(form).getByTestId('job-tag-check').textContent).toContain('comma')
  })
})

describe('job form: a group tag that leads to no profile, or not the job’s (walk: BENCH saved silently, every device lost its profile)', () => {
  const warning =
    "Group tag 'BENCH' leads to no deployment profile (group tag BENCH → no profile: no group with a profile matches and there is no default (All Devices) profile). Devices given this tag lose the profile they have now."
  const savedJob = {
    id: 'j0',
    name: 'Contoso PO 4711',
    purchaseOrder: '4711',
    tenantId: 't',
    expectedProfileId: null,
    expectedProfileName: null,
    groupTag: 'BENCH',
    deviceNameTemplate: '',
    createdAt: '2026-12-07T09:00:00Z',
    closedAt: null,
    manifestRows: 0,
  }
  function renderWithTagCheck(jobs: (typeof savedJob)[] = []) {
    const api = createFakeApi({
      'jobs:list-jobs': () => ok({ jobs }),
      'bench:list-devices': () => ok({ devices: [] }),
      'profiles:list-profiles': () => ok({ profiles }),
      'devices:list-group-tags': ({ prefix }) =>
        ok({ tags: ['BENCH-FAB', 'BENCH-LDN'].filter((t) => t.toLowerCase().startsWith((prefix ?? '').toLowerCase())) }),
      'jobs:check-group-tag': ({ groupTag }) =>
        ok({
          outcome:
            groupTag.trim() === 'BENCH' || groupTag.trim() === 'BENCH-OLD'
              ? { kind: 'no-profile' as const, profileName: null, certain: true, chain: 'group tag BENCH → no profile', warning }
              : { kind: 'expected' as const, profileName: 'UD-AAD-PreProv', certain: true, chain: '', warning: null },
        }),
      'jobs:save-job': ({ job }) =>
        ok({
          id: 'j1',
          name: job.name,
          purchaseOrder: '',
          tenantId: 't',
          expectedProfileId: null,
          expectedProfileName: null,
          groupTag: job.groupTag ?? '',
          deviceNameTemplate: '',
          createdAt: '2026-12-07T10:00:00Z',
          closedAt: null,
          manifestRows: 0,
        }),
    })
    const stores = createStores(api)
    stores.ui.getState().navigate('jobs')
    render(<AppRoot api={api} stores={stores} />)
    return api
  }

  it('says so at Save and saves only at the second Save; the tag field offers the tenant’s tags', async () => {
    const api = renderWithTagCheck()
    fireEvent.click(await screen.findByRole('button', { name: 'New job' }))
    const form = screen.getByRole('form', { name: 'New job' })
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Fabrikam' } })
    const tag = within(form).getByLabelText<HTMLInputElement>('Group tag')
    fireEvent.change(tag, { target: { value: 'BENCH' } })
    // Suggestions as on the device card (a datalist of devices:list-group-tags).
    await vi.waitFor(() => expect([...tag.list!.querySelectorAll('option')].map((o) => o.value)).toEqual(['BENCH-FAB', 'BENCH-LDN']))
    // jsdom has no scrolling: record what the form brings into view.
    const revealed: Element[] = []
    Element.prototype.scrollIntoView = function (this: Element) {
      revealed.push(this)
    }
    fireEvent.submit(form)
    const asked = await within(form).findByTestId('job-tag-save-again')
    expect(asked.textContent).toContain(warning)
    expect(asked.textContent).toContain('Press Save (Enter) again')
    expect(api.callsTo('jobs:save-job')).toEqual([])
    // The question and the Save that answers it are brought into view (below the window's foot at 1366×768 under a list of jobs).
    await vi.waitFor(() => expect(revealed).toContain(within(form).getByRole('button', { name: 'Save (Enter)' }).parentElement))
    delete (Element.prototype as { scrollIntoView?: unknown }).scrollIntoView
    fireEvent.submit(form)
    await vi.waitFor(() => expect(api.callsTo('jobs:save-job')).toHaveLength(1))
    expect(api.callsTo('jobs:save-job')[0]!.job.groupTag).toBe('BENCH')
  })

  it('a tag kept once is not asked about again at the next Save, after another field and the expected profile changed', async () => {
    const api = renderWithTagCheck()
    fireEvent.click(await screen.findByRole('button', { name: 'New job' }))
    const form = screen.getByRole('form', { name: 'New job' })
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Fabrikam' } })
    fireEvent.change(within(form).getByLabelText('Group tag'), { target: { value: 'BENCH' } })
    fireEvent.submit(form)
    await within(form).findByTestId('job-tag-save-again')
    // Another field changes (the expected profile too) before the second Save: the tag is the same, so that Save keeps it.
    fireEvent.change(within(form).getByLabelText('Purchase order'), { target: { value: 'PO-1' } })
    fireEvent.change(within(form).getByLabelText('Expected deployment profile'), { target: { value: profiles[0]!.id } })
    fireEvent.submit(form)
    await vi.waitFor(() => expect(api.callsTo('jobs:save-job')).toHaveLength(1))
  })

  it('editing a job saved with a tag that leads to no profile saves at once; changing the tag asks again', async () => {
    const api = renderWithTagCheck([savedJob])
    fireEvent.click(await screen.findByRole('button', { name: `Edit: ${savedJob.name}` }))
    const form = await screen.findByRole('form', { name: /Contoso PO 4711/ })
    // The warning still shows under the field; Save does not stop on it.
    await within(form).findByText(warning, { exact: false })
    fireEvent.change(within(form).getByLabelText('Purchase order'), { target: { value: '4712' } })
    fireEvent.submit(form)
    await vi.waitFor(() => expect(api.callsTo('jobs:save-job')).toHaveLength(1))
    expect(within(form).queryByTestId('job-tag-save-again')).toBeNull()
    expect(api.callsTo('jobs:save-job')[0]!.job).toMatchObject({ groupTag: 'BENCH', purchaseOrder: '4712' })

    fireEvent.click(await screen.findByRole('button', { name: `Edit: ${savedJob.name}` }))
    const again = await screen.findByRole('form', { name: /Contoso PO 4711/ })
    fireEvent.change(within(again).getByLabelText('Group tag'), { target: { value: 'BENCH-OLD' } })
    fireEvent.submit(again)
    await within(again).findByTestId('job-tag-save-again')
    expect(api.callsTo('jobs:save-job')).toHaveLength(1)
  })

  it('a tag that leads to the job’s profile saves at once', async () => {
    const api = renderWithTagCheck()
    fireEvent.click(await screen.findByRole('button', { name: 'New job' }))
    const form = screen.getByRole('form', { name: 'New job' })
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Fabrikam' } })
    fireEvent.change(within(form).getByLabelText('Group tag'), { target: { value: 'BENCH-FAB' } })
    fireEvent.submit(form)
    await vi.waitFor(() => expect(api.callsTo('jobs:save-job')).toHaveLength(1))
  })
})
