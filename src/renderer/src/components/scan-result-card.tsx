import type { ReactNode, Ref } from 'react'
import type { DeviceSummary } from '@shared/device-schemas'
import { keyboardLayouts } from '@qr/payload/keyboard-layouts'
import type { ScanLookup } from '../stores/scan-store'
import { useDateFormatter } from '../hooks/use-date-formatter'
import { useUiStore } from '../stores/stores-context'
import { deviceCardStrings } from '../strings/device-card'
import { ErrorMessage } from './error-message'
import { ProfileStatusBadge } from './profile-status'
import { strings } from '../strings'

/**
 * The compact card a scan lands on: who the device is and whether it is ready at a glance, where
 * the data came from (cache and its age, or Intune just now), and why a lookup found nothing. The
 * full Device card grows from this; its heading takes focus when a scan resolves.
 */
export function ScanResultCard({
  lookup,
  tenantName,
  onChoose,
  ref: headingRef,
}: {
  lookup: ScanLookup
  tenantName: string
  onChoose(deviceId: string): void
  ref?: Ref<HTMLHeadingElement>
}) {
  const s = strings.scan
  const dates = useDateFormatter()
  const openDevice = useUiStore((state) => state.openDevice)
  const navigateAndFocus = useUiStore((state) => state.navigateAndFocus)
  // Says what was actually repaired: a cut-off code is not a keyboard layout problem.
  const repaired =
    lookup.layout === 'unknown'
      ? s.unknownLayoutRepaired
      : lookup.partial
        ? s.partialRepaired
        : lookup.layout
          ? s.layoutRepaired(keyboardLayouts.find((l) => l.id === lookup.layout)?.name ?? lookup.layout)
          : null

  if (lookup.status === 'looking-up') {
    return (
      <section className="scan-card scan-card--busy" aria-busy="true" data-testid="scan-result" data-status="looking-up">
        <h2 className="scan-card__heading" tabIndex={-1} ref={headingRef}>
          {s.lookingUp}
        </h2>
        <p className="mono">{lookup.query.kind === 'ztdId' ? lookup.query.ztdId : lookup.query.serialNumber}</p>
      </section>
    )
  }

  if (lookup.status === 'not-found' && lookup.reason === 'other-tenant') {
    const other = lookup.otherTenant ?? { id: '', displayName: s.notFound['other-tenant'].unnamed }
    const text = s.notFound['other-tenant']
    return (
      <section
        className="scan-card scan-card--missing"
        data-testid="scan-result"
        data-status="not-found"
        data-reason={lookup.reason}
        data-other-tenant={other.id}
      >
        <h2 className="scan-card__heading" tabIndex={-1} ref={headingRef}>
          {text.title}
        </h2>
        <p>{text.body(tenantName, other.displayName)}</p>
        <dl className="scan-card__fields">
          {lookup.query.kind === 'ztdId' ? <Field label={s.fields.deviceId} value={lookup.query.ztdId} mono /> : null}
          {lookup.query.serialNumber ? <Field label={s.fields.serialNumber} value={lookup.query.serialNumber} mono /> : null}
        </dl>
        <p>
          <button type="button" className="button button--primary" onClick={() => navigateAndFocus('settings')}>
            {s.openSettings}
          </button>
        </p>
      </section>
    )
  }

  // This app's own business with a device Intune does not list: Recycle deleted it, or an upload here holds its hash.
  if (lookup.status === 'not-found' && (lookup.reason === 'deleted-here' || (lookup.reason === 'in-upload' && lookup.upload))) {
    const body =
      lookup.reason === 'in-upload' && lookup.upload
        ? s.notFound['in-upload'].body(lookup.upload.state, dates.dateTime(lookup.upload.createdAt), lookup.upload.registered)
        : s.notFound['deleted-here'].body(lookup.deletedAt ? dates.dateTime(lookup.deletedAt) : s.none)
    return (
      <section className="scan-card scan-card--missing" data-testid="scan-result" data-status="not-found" data-reason={lookup.reason}>
        <h2 className="scan-card__heading" tabIndex={-1} ref={headingRef}>
          {s.notFound[lookup.reason].title}
        </h2>
        <p>{body}</p>
        {lookup.reason === 'deleted-here' && lookup.intuneNotAsked ? (
          <p className="scan-card__warning" role="note" data-testid="scan-intune-not-asked">
            {s.notFound['deleted-here'].intuneNotAsked}
          </p>
        ) : null}
        <dl className="scan-card__fields">
          {lookup.query.kind === 'ztdId' ? <Field label={s.fields.deviceId} value={lookup.query.ztdId} mono /> : null}
          {lookup.query.serialNumber ? <Field label={s.fields.serialNumber} value={lookup.query.serialNumber} mono /> : null}
        </dl>
        <p>
          <button type="button" className="button" onClick={() => navigateAndFocus('register')}>
            {s.openRegister}
          </button>
        </p>
      </section>
    )
  }

  if (lookup.status === 'not-found' && lookup.reason && lookup.reason !== 'other-tenant' && lookup.reason !== 'in-upload') {
    const text = s.notFound[lookup.reason]
    return (
      <section className="scan-card scan-card--missing" data-testid="scan-result" data-status="not-found" data-reason={lookup.reason}>
        <h2 className="scan-card__heading" tabIndex={-1} ref={headingRef}>
          {text.title}
        </h2>
        <p>{typeof text.body === 'function' ? text.body(tenantName) : text.body}</p>
        <dl className="scan-card__fields">
          {lookup.query.kind === 'ztdId' ? <Field label={s.fields.deviceId} value={lookup.query.ztdId} mono /> : null}
          {lookup.query.serialNumber ? <Field label={s.fields.serialNumber} value={lookup.query.serialNumber} mono /> : null}
        </dl>
        {lookup.notice ? <ErrorMessage error={lookup.notice} urgent={false} /> : null}
      </section>
    )
  }

  if (lookup.status === 'failed' && lookup.error) {
    return (
      <section className="scan-card scan-card--missing" data-testid="scan-result" data-status="failed">
        <h2 className="scan-card__heading" tabIndex={-1} ref={headingRef}>
          {s.lookupFailed}
        </h2>
        <ErrorMessage error={lookup.error} />
      </section>
    )
  }

  if (lookup.status === 'multiple') {
    return (
      <section className="scan-card" data-testid="scan-result" data-status="multiple">
        <h2 className="scan-card__heading" tabIndex={-1} ref={headingRef}>
          {s.multiple(lookup.query.serialNumber ?? '')}
        </h2>
        <ul className="scan-card__choices">
          {lookup.candidates.map((device) => (
            <li key={device.id}>
              <button type="button" className="button" onClick={() => onChoose(device.id)}>
                {s.choose}: {device.serialNumber} · {device.manufacturer} {device.model} · {device.groupTag || s.none}
              </button>
            </li>
          ))}
        </ul>
      </section>
    )
  }

  const device = lookup.device as DeviceSummary
  return (
    <section className="scan-card" aria-labelledby="scan-card-heading" data-testid="scan-result" data-status="found" data-device-id={device.id}>
      <h2 id="scan-card-heading" className="scan-card__heading" tabIndex={-1} ref={headingRef}>
        <span className="visually-hidden">{s.cardHeading}: </span>
        <span className="mono">{device.serialNumber}</span>{' '}
        <span className="scan-card__model">
          {device.manufacturer} {device.model}
        </span>
      </h2>
      <dl className="scan-card__fields">
        <Field label={s.fields.profileStatus} value={<ProfileStatusBadge status={device.profileStatus} />} />
        <Field label={s.fields.groupTag} value={device.groupTag || s.none} />
        <Field label={s.fields.userPrincipalName} value={device.userPrincipalName || s.none} />
        <Field label={s.fields.serialNumber} value={device.serialNumber} mono />
        <Field label={s.fields.manufacturer} value={device.manufacturer || s.none} />
        <Field label={s.fields.model} value={device.model || s.none} />
        <Field label={s.fields.deviceId} value={device.id} mono />
      </dl>
      <p className="scan-card__source" data-testid="scan-source" data-source={lookup.source ?? ''}>
        {lookup.source === 'online' ? s.online : s.fromCache(dates.dateTime(device.syncedAt))}
        {lookup.cardMs !== null ? <span className="muted"> · {s.fromCacheIn(lookup.cardMs.toFixed(0))}</span> : null}
        {lookup.refreshing ? <span className="muted"> · {s.refreshing}</span> : null}
      </p>
      {lookup.replaced ? (
        <p className="scan-card__warning" role="note" data-testid="scan-replaced">
          {s.replaced(lookup.replaced.ztdId, lookup.replaced.deletedAt ? dates.dateTime(lookup.replaced.deletedAt) : null)}
        </p>
      ) : null}
      {lookup.serialMismatch ? (
        <p className="scan-card__warning" role="note" data-testid="scan-serial-mismatch">
          {s.serialMismatch(lookup.serialMismatch.scanned, lookup.serialMismatch.record)}
        </p>
      ) : null}
      {repaired ? (
        <p className="muted" data-testid="scan-repaired">
          {repaired}
        </p>
      ) : null}
      {lookup.notice ? <ErrorMessage title={s.notice} error={lookup.notice} urgent={false} /> : null}
      <p>
        <button type="button" className="button button--primary" onClick={() => openDevice(device.id)}>
          {deviceCardStrings.openCard}
        </button>
      </p>
    </section>
  )
}

function Field({ label, value, mono = false }: { label: string; value: ReactNode; mono?: boolean }) {
  return (
    <div className="scan-card__field">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{value}</dd>
    </div>
  )
}
