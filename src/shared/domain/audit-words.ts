import { inWords } from './words'

/**
 * The audit log's actions (what was done to Intune on the technician's behalf, and attempt
 * corrections) in words, for a bundle's review and anything else that lists them. The stored value
 * is the code's name for the action; one this version does not know is shown as it is.
 */
const auditActions: Record<string, string> = {
  // Delivered changes (outbox kinds).
  'group-tag': 'Group tag changed',
  'device-name': 'Device name changed',
  'user-friendly-name': 'User friendly name changed',
  'assign-user': 'User assigned',
  'unassign-user': 'User unassigned',
  // Online actions from the device card and the bench.
  'autopilot-sync': 'Autopilot sync requested',
  'unblock-device': 'Device unblocked',
  'delete-intune-record': 'Intune device record deleted',
  // Recycling a device (Register devices › recycle).
  'recycle-delete-intune-record': 'Recycle: Intune device record deleted',
  'recycle-unassign-user': 'Recycle: user unassigned',
  'recycle-delete-autopilot-record': 'Recycle: Autopilot device deleted',
  'recycle-check-gone': 'Recycle: checked that the records are gone',
  // Registration by hardware hash.
  'registration-import': 'Hardware hashes sent for import',
  'registration-cleanup': 'Finished import records deleted',
  // Corrections to the bench's own record.
  'attempt.undo': 'Attempt step undone',
  'attempt.void': 'Attempt voided',
}

export const auditActionWords = inWords(auditActions)
