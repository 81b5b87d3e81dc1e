import { useEffect, useRef, useState } from 'react'
import { supportText, type SupportDetail } from '@shared/domain/intune-answer'
import { strings } from '../strings'

const text = strings.error

/**
 * Intune's own answer under the sentence, collapsed: request-id, client-request-id, Activity ID, date and
 * the raw text, which support quotes to Microsoft. Copy puts them on the clipboard as "label: value" lines.
 */
export function SupportDetails({ details }: { details: readonly SupportDetail[] }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )
  const copy = () => {
    const said = (result: 'yes' | 'failed') => {
      setCopied(result)
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => setCopied(null), 4_000)
    }
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard
    if (!clipboard) return said('failed')
    void clipboard.writeText(supportText(details)).then(
      () => said('yes'),
      () => said('failed'),
    )
  }
  return (
    <details className="support-details" data-testid="support-details">
      <summary>{text.support}</summary>
      <dl className="support-details__list">
        {details.map((detail) => (
          <div key={detail.label} className="support-details__row">
            <dt>{detail.label}</dt>
            <dd className={detail.label === 'Intune’s answer' ? 'support-details__raw mono' : 'mono'}>{detail.value}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button support-details__copy" onClick={copy}>
        {text.copy}
      </button>
      {copied ? (
        <span className="muted support-details__copied" role="status">
          {' '}
          {copied === 'yes' ? text.copied : text.copyFailed}
        </span>
      ) : null}
    </details>
  )
}
