import { countShown } from '@shared/domain/words'

/** Bulk pre-staging panel of the Register devices screen: every user-visible string. */
export const prestageStrings = {
  heading: 'Pre-stage a job',
  intro:
    "Set the job's group tag and each manifest row's user and device name (the manifest's, else the job's template) on its registered devices. The changes go through the outbox: one at a time at Intune's pace, kept across restarts; see them on the Changes screen.",
  job: 'Job',
  chooseJob: 'Choose a job…',
  counts: (c: { rows: string; toApply: string; inProgress: string; done: string; failed: string; notRegistered: string }) =>
    `${countShown(c.rows, 'manifest row')}: ${c.toApply} to apply, ${c.inProgress} in progress, ${c.done} done, ${c.failed} failed, ${c.notRegistered} not registered.`,
  progress: 'Pre-staging progress',
  /** The job's group tag leads to no profile, or not the job's: said before Apply. */
  tagWarningTitle: "Check the job's group tag before you apply",
  losing: (count: string) =>
    count === '0'
      ? 'No registered device of this job loses its current profile with it.'
      : `${countShown(count, 'device')} of this job would lose ${count === '1' ? 'its' : 'their'} current profile.`,
  tagLater: 'Apply anyway only if the tenant gets a matching Autopilot group later; otherwise correct the group tag in the job first (Jobs › Edit).',
  apply: (count: string) => `Apply to ${countShown(count, 'device')}`,
  /** Rows whose user Intune says does not exist: Apply skips them (docs/registration.md › Bulk pre-staging). */
  usersNotFound: (count: string) =>
    `${countShown(count, 'row')} not applied: ${count === '1' ? 'its user is' : 'their users are'} not found in the tenant. Correct the user in the job's manifest (Jobs), then apply again.`,
  userNotFound: (upn: string) => `User not found in the tenant: ${upn}`,
  userNotChecked: (upn: string, unanswered = false) =>
    `User not checked (${unanswered ? 'Intune did not answer' : 'Intune could not be asked'}): ${upn}. Applied anyway; Intune says at delivery whether it exists.`,
  columns: { serial: 'Serial number', values: 'Group tag · user · device name', result: 'Result' },
  states: {
    'not-registered': 'Not registered in this tenant',
    'to-apply': 'To apply',
    'in-progress': 'In the outbox',
    done: 'Done: Intune shows it',
    failed: 'Failed (see Changes)',
    nothing: 'Nothing to set',
    'user-not-found': 'Not applied',
  } as Record<string, string>,
}
