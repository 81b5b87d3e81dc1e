import type { ProfileStatus } from '@shared/device-schemas'
import { strings } from '../strings'

/** Profile status in the admin center's words; the colour and icon only repeat what the text says. */
export function ProfileStatusBadge({ status }: { status: ProfileStatus }) {
  return (
    <span className={`profile-status profile-status--${status}`}>
      <span className="profile-status__icon" aria-hidden="true" />
      {strings.profileStatus[status]}
    </span>
  )
}
