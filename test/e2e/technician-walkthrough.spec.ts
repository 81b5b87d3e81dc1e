import { expect, test } from './web-app-fixture'
import {
  assignmentWaitMs,
  benchKey,
  benchRow,
  bootToWin5,
  openApp,
  openCard,
  readinessItem,
  recordFailure,
  scan,
  showPc,
  sidebar,
  steer,
  waitForPcFailure,
  waitForPcSuccess,
} from './walkthrough-steps'

/**
 * The technician walk-through in Chromium against the embedded mock at demo speed: the OOBE
 * simulator stands in for three PCs on the bench (scenarios ready-win11, no-preprovisioning,
 * reenroll-blocked), the wedge field for the USB scanner; everything else is the technician's UI.
 */
test.describe.configure({ timeout: 120_000 })
test.use({ actionTimeout: 15_000 })

test('device A: wrong group tag fixed, TPM failure retried, success, reseal, enrollment confirmed', async ({ page, webApp }) => {
  await openApp(page, webApp.url)

  // Boot A to the Win×5 page: the profile it shows is the one the order calls for.
  const a = await bootToWin5(page, 'ready-win11')
  const profileName = (await a.pc
    .locator('dt', { hasText: /^Profile$/ })
    .locator('+ dd')
    .textContent())!.trim()
  expect(profileName).not.toBe('—')

  // The order's tag: another user-driven bench tag of the tenant (the card's group tag suggestions), same profile.
  await scan(page, a.payload, a.serial)
  const currentTag = (await page
    .getByTestId('scan-result')
    .locator('dt', { hasText: /^Group tag$/ })
    .locator('+ dd')
    .textContent())!.trim()
  expect(currentTag).toMatch(/^BENCH-/)
  await openCard(page, a.serial)
  const tagField = page.getByTestId('card-editors').getByLabel('Group tag')
  await tagField.fill('BENCH-')
  await expect
    .poll(
      async () =>
        (
          await page
            .getByTestId('card-editors')
            .locator('datalist option')
            .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
        ).filter((t) => t.startsWith('BENCH-') && t !== currentTag).length,
    )
    .toBeGreaterThan(0)
  const tags = await page
    .getByTestId('card-editors')
    .locator('datalist option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
  const jobTag = tags.find((t) => t.startsWith('BENCH-') && t !== currentTag)!
  await tagField.press('Escape')

  // The job: A's profile, the other tag; set active, then A scanned again joins it.
  await sidebar(page).getByRole('button', { name: /^Jobs/ }).click()
  await page.getByRole('button', { name: 'New job' }).click()
  const form = page.getByRole('form', { name: 'New job' })
  await form.getByLabel('Name', { exact: true }).fill('Order A')
  await form.getByLabel('Deployment profile', { exact: false }).selectOption({ label: profileName })
  await form.getByLabel('Group tag').fill(jobTag)
  await form.getByLabel('Name', { exact: true }).press('Enter')
  await page.getByRole('button', { name: 'Set as active job: Order A' }).click()
  await expect(page.getByRole('rowheader', { name: 'Order A' }).locator('..')).toContainText('Active job')
  await showPc(page, 'ready-win11')
  await scan(page, a.payload, a.serial)
  const bench = await benchRow(page, a.serial)
  await expect(bench.row).toContainText('Order A')

  // Readiness against the job: the group tag is not the job's.
  await openCard(page, a.serial)
  const tagItem = readinessItem(page, 'group-tag')
  await expect(tagItem).toHaveAttribute('data-status', 'fail')
  await expect(tagItem).toContainText(`differs from the job's '${jobTag}'`)

  // Fix it: the job's tag, Enter; the card waits for profile assignment until Assigned.
  await page.getByRole('button', { name: `Use job's tag (${jobTag})` }).click()
  await expect(tagField).toHaveValue(jobTag)
  await tagField.press('Enter')
  // Its wrong tag still puts it in a dynamic group: the change names what it leaves; Enter confirms.
  await expect(page.getByRole('alertdialog', { name: 'Confirm before saving' })).toContainText('takes the device out of')
  await tagField.press('Enter')
  await expect(page.getByTestId('card-reminder')).toContainText('Press Refresh on the device')
  const wait = page.getByTestId('card-wait')
  await expect(wait).toContainText('Waiting for profile assignment')
  await expect(wait).toHaveAttribute('data-phase', 'assigned', { timeout: assignmentWaitMs })
  await expect(wait).toContainText('Profile assigned')
  await expect(tagItem).toHaveAttribute('data-status', 'ok')
  await expect(readinessItem(page, 'profile-assigned')).toHaveAttribute('data-status', 'ok')

  // Refresh on the device: it shows the profile again; the next attempt is steered to the TPM failure.
  const pc = await showPc(page, 'ready-win11')
  await pc.getByRole('button', { name: 'Refresh' }).click()
  await expect(pc).toContainText(profileName)
  await steer(page, 'ready-win11', /TPM attestation \(0x81039001\)/)

  // P: Provision pressed (and Next pressed on the simulated PC) → its failure screen → F with the code.
  let { row, recorder } = await benchRow(page, a.serial)
  await expect(recorder.getByLabel(/Also press it on the simulated PC/)).toBeChecked()
  await benchKey(page, 'p')
  await expect(row).toContainText('Provisioning')
  await waitForPcFailure(page, 'ready-win11', '0x81039001')
  await steer(page, 'ready-win11', /^Succeeds$/)
  ;({ row, recorder } = await benchRow(page, a.serial))
  await recordFailure(page, recorder, '0x81039001')
  await expect(row).toContainText('Failed')

  // Retry is the recommended (first) step; choosing it retries on the PC and starts attempt 2.
  const steps = recorder.getByRole('region', { name: 'Next step' }).getByRole('button')
  await expect(steps.first()).toHaveText('Retry (on the device) (recommended)')
  await steps.first().click()
  await expect(recorder).toContainText('Attempt 2')
  await expect(row).toContainText('Provisioning')

  await waitForPcSuccess(page, 'ready-win11')
  ;({ row, recorder } = await benchRow(page, a.serial))
  await benchKey(page, 's')
  await expect(recorder.getByRole('region', { name: 'Reseal checklist' })).toBeVisible()
  await benchKey(page, 'r')
  await expect(row).toContainText('Resealed')
  await expect(recorder).toContainText('Resealed: the device is off')

  // Intune corroborates: after a refresh from Intune the attempt shows the enrollment confirmed.
  await openCard(page, a.serial)
  await page.getByRole('button', { name: 'Refresh from Intune' }).click()
  await expect(page.getByTestId('card-attempt')).toContainText('Enrollment confirmed in Intune', { timeout: 20_000 })
  // Intune's confirmation is not the technician's key: nothing offers to undo it.
  await expect(page.getByTestId('card-attempt').getByTestId('undo-offer')).toHaveCount(0)
})

test('device B: the profile disallows pre-provisioning → 0x80180005 explained, fix the profile offered', async ({ page, webApp }) => {
  await openApp(page, webApp.url)
  const b = await bootToWin5(page, 'no-preprovisioning')
  await scan(page, b.payload, b.serial)

  // Readiness says so before Provision.
  await openCard(page, b.serial)
  const mode = readinessItem(page, 'profile-mode')
  await expect(mode).toHaveAttribute('data-status', 'fail')
  await expect(mode).toContainText('"Allow pre-provisioned deployment" is No')
  await expect(mode).toContainText('0x80180005')

  // Provision anyway (no random TPM failure in the way): the device fails at registration.
  await steer(page, 'no-preprovisioning', /^Succeeds$/)
  let { row, recorder } = await benchRow(page, b.serial)
  await benchKey(page, 'p')
  await expect(row).toContainText('Provisioning')
  await waitForPcFailure(page, 'no-preprovisioning', '0x80180005')
  ;({ row, recorder } = await benchRow(page, b.serial))
  await recordFailure(page, recorder, '0x80180005')
  await expect(row).toContainText('Failed')
  const explanation = recorder.getByRole('region', { name: 'What the error means' })
  await expect(explanation.getByRole('heading')).toHaveText('0x80180005 — Pre-provisioning not allowed by the deployment profile')
  await expect(explanation).toContainText('Allow pre-provisioned deployment" = Yes')

  // The fix is the profile: offered first, and choosing it says where to do it.
  const steps = recorder.getByRole('region', { name: 'Next step' }).getByRole('button')
  await expect(steps.first()).toHaveText('Fix the deployment profile (recommended)')
  await steps.first().click()
  await expect(recorder).toContainText('Fix the deployment profile in the Intune admin center')
})

test('device C: reused after pre-provisioning, OEM not exempt → 0x80180014 → Intune record deleted → retry succeeds', async ({ page, webApp }) => {
  await openApp(page, webApp.url)
  const c = await bootToWin5(page, 'reenroll-blocked')
  await scan(page, c.payload, c.serial)

  await steer(page, 'reenroll-blocked', /^Succeeds$/)
  let { row, recorder } = await benchRow(page, c.serial)
  await benchKey(page, 'p')
  await expect(row).toContainText('Provisioning')
  await waitForPcFailure(page, 'reenroll-blocked', '0x80180014')
  ;({ row, recorder } = await benchRow(page, c.serial))
  await recordFailure(page, recorder, '0x80180014')

  // Delete the Intune device record: online, confirmed first (it cannot be undone).
  const steps = recorder.getByRole('region', { name: 'Next step' })
  await steps.getByRole('button', { name: /^Delete the Intune device record/ }).click()
  await recorder.getByRole('button', { name: 'Delete record' }).click()
  await expect(recorder).toContainText('Recorded: Delete the Intune device record.')
  await expect(recorder).toContainText('Retry on its failure screen')

  // Retry on the device (P presses it on the simulated PC's failure screen): this time it enrolls.
  await steer(page, 'reenroll-blocked', /^Succeeds$/)
  ;({ row, recorder } = await benchRow(page, c.serial))
  await benchKey(page, 'p')
  await expect(recorder).toContainText('Attempt 2')
  await expect(recorder.getByRole('alert')).toHaveCount(0)
  await waitForPcSuccess(page, 'reenroll-blocked')
  ;({ row, recorder } = await benchRow(page, c.serial))
  await benchKey(page, 's')
  await expect(row).toContainText('Succeeded')
})
