import type { ReactNode } from 'react'
import { errorCodeSchema, errorText, type ErrorCode } from '@shared/error-codes'
import { presentError, type IntuneAnswer } from '@shared/domain/intune-answer'
import { strings } from '../strings'
import { SupportDetails } from './support-details'

/**
 * An error as the technician reads it: an optional title, the catalogued text for the code (what
 * happened, what to do) and the raw message as detail. Codes from outside the closed set (an old
 * sync run, say) fall back to the 'internal' text. An error that is Intune's answer (kept with it, or
 * "Intune answered 500 …" in its message) says it in one sentence instead, with Intune's own text,
 * ids and date collapsed under "Details for support" (src/shared/domain/intune-answer.ts).
 */
export function ErrorMessage({
  title,
  error,
  action,
  urgent = true,
  textFor,
}: {
  title?: string
  error: { code: string; message: string; intune?: IntuneAnswer | null }
  /** Words for a code that say what to do in this place better than the catalogue's (a sync that ended throttled). */
  textFor?: Partial<Record<ErrorCode, string>>
  action?: ReactNode
  /** Urgent errors (the action just failed) are role=alert; standing facts (last sync failed) are not announced. */
  urgent?: boolean
}) {
  const code = errorCodeSchema.safeParse(error.code)
  const known = code.success ? code.data : 'internal'
  const text = textFor?.[known] ?? errorText[known]
  const presented = presentError(error)
  if (presented.support)
    return (
      <div className="error-message" role={urgent ? 'alert' : undefined} data-error-code={error.code}>
        {title ? <p className="error-message__title">{title}</p> : null}
        <p className="error-message__text">{presented.sentence}</p>
        {/* What to do in this place (a sync that ended throttled), when the caller says it. */}
        {textFor?.[known] ? <p className="error-message__text">{textFor[known]}</p> : null}
        <SupportDetails details={presented.support} />
        {action ? <div className="error-message__action">{action}</div> : null}
      </div>
    )
  return (
    <div className="error-message" role={urgent ? 'alert' : undefined} data-error-code={error.code}>
      {title ? <p className="error-message__title">{title}</p> : null}
      <p className="error-message__text">{text}</p>
      {error.message ? (
        <p className="error-message__detail">
          <span className="error-message__detail-label">{strings.error.detail}: </span>
          {error.message}
        </p>
      ) : null}
      {action ? <div className="error-message__action">{action}</div> : null}
    </div>
  )
}
