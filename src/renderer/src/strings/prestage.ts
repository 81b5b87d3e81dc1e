import { countShown } from '@shared/domain/words'

/** Bulk pre-staging panel of the Register devices screen: every user-visible string. */
export const prestageStrings = {
  heading: 'Pre-stage a job',
  intro:
    "Set the job's group tag and each manifest row's user and device name on its registered devices. The changes go through the outbox: one at a time at Intune's pace, kept across restarts; see them on the Changes screen.",
  job: 'Job',
  chooseJob: 'Choose a job…',
  counts: (c: { rows: string; toApply: string; inProgress: string; done: string; failed: string; notRegistered: string }) =>
    `${c.rows} manifest rows: ${c.toApply} to apply, ${c.inProgress} in progress, ${c.done} done, ${c.failed} failed, ${c.notRegistered} not registered.`,
  progress: 'Pre-staging progress',
  apply: (count: string) => `Apply to ${countShown(count, 'device')}`,
  columns: { serial: 'Serial number', values: 'Group tag · user · device name', result: 'Result' },
  states: {
    'not-registered': 'Not registered in this tenant',
    'to-apply': 'To apply',
    'in-progress': 'In the outbox',
    done: 'Done: Intune shows it',
    failed: 'Failed (see Changes)',
    nothing: 'Nothing to set',
  } as Record<string, string>,
}
