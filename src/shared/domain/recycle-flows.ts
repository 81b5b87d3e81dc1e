/**
 * Guided flows for devices that come back to the bench (docs/reference/autopilot.md §5.5, §5.6, §5.4):
 * the documented order of steps and what each one does. Pure data; the core runs the action steps
 * (recycle:run-step), the screen shows the rest as guidance.
 */
export type RecycleFlowId = 'reuse' | 'leave-tenant' | 'board-swap' | 'foreign-808'
export type RecycleAction = 'delete-intune-record' | 'unassign-user' | 'delete-autopilot-record' | 'check-gone'

export interface RecycleStep {
  id: string
  title: string
  /** What the step does, in the technician's words. */
  what: string
  /** The app can run it; null for a step done elsewhere (on the device, on-premises, by another tenant). */
  action: RecycleAction | null
  /** Runs only after the serial number is typed or scanned again. */
  destructive: boolean
  /** A step the 2307 one-step removal makes optional. */
  optional?: boolean
}

export interface RecycleFlow {
  id: RecycleFlowId
  title: string
  intro: string
  steps: readonly RecycleStep[]
  notes: readonly string[]
}

const deleteIntune: RecycleStep = {
  id: 'delete-intune',
  title: 'Delete the Intune device record',
  what: 'Removes the managed device from Intune (note the serial number first). Since 2307 this is optional: the Autopilot registration can be deleted while the device stays managed.',
  action: 'delete-intune-record',
  destructive: true,
  optional: true,
}
const unassign: RecycleStep = {
  id: 'unassign-user',
  title: 'Unassign the user',
  what: 'Removes the assigned user (and the greeting name) from the Autopilot device, as Windows Autopilot devices › Unassign user does. Do it before deleting the registration.',
  action: 'unassign-user',
  destructive: false,
}
const deleteAutopilot: RecycleStep = {
  id: 'delete-autopilot',
  title: 'Delete the Autopilot registration',
  what: 'Deregisters the device from Windows Autopilot in this tenant. It no longer gets a profile; another tenant can register it.',
  action: 'delete-autopilot-record',
  destructive: true,
}
const waitGone: RecycleStep = {
  id: 'check-gone',
  title: 'Wait until it is gone',
  what: 'Reads the device from Intune until it is no longer listed (sync and refresh, as the portal asks). Repeat until it says gone.',
  action: 'check-gone',
  destructive: false,
}

const ENTRA_NOTE =
  'Microsoft Entra joined: do not delete the Entra device object by hand; it goes with the Autopilot registration (deleting it by hand breaks the join).'
const HYBRID_NOTE = 'Microsoft Entra hybrid joined: also delete the on-premises Active Directory computer object, or it syncs back.'
const STEP_2307_NOTE = 'Since 2307 deleting the Autopilot registration no longer needs the Intune record deleted first; the device stays managed.'

export const RECYCLE_FLOWS: Record<RecycleFlowId, RecycleFlow> = {
  reuse: {
    id: 'reuse',
    title: 'Reuse for another user',
    intro: 'The device stays registered in this tenant and goes to someone else (or another department).',
    steps: [
      unassign,
      {
        id: 'assign-new',
        title: 'Assign the new user (optional)',
        what: 'Open the device card and assign the new user, group tag and device name; the changes go through the outbox.',
        action: null,
        destructive: false,
      },
      {
        id: 'reset',
        title: 'Reset the device',
        what: 'Wipe or reset the device (Intune › Devices › Wipe, or Autopilot Reset) so the next user starts clean; then pre-provision it again at the bench.',
        action: null,
        destructive: false,
      },
    ],
    notes: [],
  },
  'leave-tenant': {
    id: 'leave-tenant',
    title: 'Leave the tenant (deregister)',
    intro: 'The device leaves this organisation for good (resale, return, end of life). The documented order avoids orphaned or unrecoverable devices.',
    steps: [deleteIntune, unassign, deleteAutopilot, waitGone],
    notes: [ENTRA_NOTE, HYBRID_NOTE, STEP_2307_NOTE],
  },
  'board-swap': {
    id: 'board-swap',
    title: 'After a board swap',
    intro: 'A new motherboard (or TPM) makes a new device with a new hash; since June 2024 it is not re-registered automatically.',
    steps: [
      deleteIntune,
      unassign,
      deleteAutopilot,
      waitGone,
      {
        id: 'capture',
        title: 'Capture the new hardware hash',
        what: 'On the repaired device: Get-WindowsAutopilotInfo -OutputFile, or the OOBE diagnostics page (Ctrl+Shift+D) export.',
        action: null,
        destructive: false,
      },
      {
        id: 're-register',
        title: 'Register the new hash',
        what: 'Drop the new CSV on this screen and upload it (the 4K hash only); then reset the device to OOBE.',
        action: null,
        destructive: false,
      },
    ],
    notes: [ENTRA_NOTE, HYBRID_NOTE],
  },
  'foreign-808': {
    id: 'foreign-808',
    title: '808 on a refurbished board',
    intro: 'Intune answered 808 ZtdDeviceAssignedToOtherTenant: the hash is still registered to the previous owner.',
    steps: [
      {
        id: 'previous-owner',
        title: 'Ask the previous owner to deregister it',
        what: 'Only the tenant that holds the registration can delete it (Windows Autopilot devices › Delete). Then import the hash again.',
        action: null,
        destructive: false,
      },
      {
        id: 'support-case',
        title: 'Otherwise: a Microsoft support case',
        what: 'Open a support case with proof of ownership (invoice) and an Autopilot diagnostics collection from the device (MDMDiagnosticsTool -area Autopilot -cab, or the OOBE diagnostics export).',
        action: null,
        destructive: false,
      },
    ],
    notes: ['Do not import the hash again until the previous owner has deregistered it: it fails with 808 again.'],
  },
}

/** Whether a typed or scanned confirmation names this serial (case and surrounding spaces ignored). */
export const confirmsSerial = (typed: string, serial: string): boolean => typed.trim().toUpperCase() === serial.trim().toUpperCase() && serial.trim() !== ''
