import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { CameraView } from '../components/camera-view'
import { ScanResultCard } from '../components/scan-result-card'
import { usePreference } from '../data/use-preference'
import { useScanDeps } from '../scan/scan-deps'
import { useAppStore, useScanStore, useUiStore } from '../stores/stores-context'
import { strings } from '../strings'
import './scan-screen.css'

const isEditable = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/**
 * Scan: the camera with its detection overlay, and the scan field a USB scanner (keyboard wedge) or a
 * paste types into — always ready: typing anywhere on this screen goes into it. A scan lands on the
 * result card (focus moves there, a sound/flash and a screen-reader announcement confirm it).
 */
export function ScanScreen() {
  const s = strings.scan
  const deps = useScanDeps()
  const lookup = useScanStore((state) => state.lookup)
  const rejected = useScanStore((state) => state.rejected)
  const blocks = useScanStore((state) => state.blocks)
  const blocksSetAside = useScanStore((state) => state.blocksSetAside)
  const submit = useScanStore((state) => state.submit)
  const choose = useScanStore((state) => state.choose)
  const tenantName = useAppStore((state) => state.info?.tenant.displayName) ?? ''
  const focusRequest = useUiStore((state) => state.scanFocusRequest)
  const [cameraId, setCameraId] = usePreference<string | null>('scan.cameraId', null)
  const [mirror, setMirror] = usePreference('scan.mirror', false)
  const [sound, setSound] = usePreference('scan.sound', true)
  const [text, setText] = useState('')
  const inputRef = useRef<HTMLInputElement>(null)
  const resultRef = useRef<HTMLHeadingElement>(null)
  // A result resolved before this visit was already announced: coming back with F2 must leave the
  // focus in the scan field, not move it to the old result card.
  const announced = useRef(lookup?.seq ?? 0)

  // The scan field has focus on arrival and whenever F2 asks for it.
  useEffect(() => {
    inputRef.current?.focus()
  }, [focusRequest])

  // Typing anywhere on this screen (outside other fields) goes into the scan field: a wedge
  // scanner fires its keys wherever the focus is, e.g. on the result card after a scan. The
  // window's scan capture (scan/scan-capture.ts) leaves the field's keys alone (`data-scan-field`),
  // so on this screen a burst is typed into the field and Enter submits it here.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1 || isEditable(event.target)) return
      inputRef.current?.focus()
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [])

  // A resolved scan: focus the result; camera scans also flash (CSS, keyed by the scan) and beep.
  const status = lookup?.status
  const seq = lookup?.seq ?? 0
  const cameraHit = lookup?.origin === 'camera' && status === 'found'
  const flashKey = cameraHit ? seq : 0
  useEffect(() => {
    if (!status || status === 'looking-up' || announced.current === seq) return
    announced.current = seq
    resultRef.current?.focus()
    if (cameraHit && sound) deps.beep()
  }, [status, seq, cameraHit, sound, deps])

  useEffect(() => {
    if (rejected) inputRef.current?.focus()
  }, [rejected])

  const onDecoded = useCallback((decoded: string) => void submit(decoded, 'camera'), [submit])

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const value = text
    setText('')
    if (value.trim() !== '') void submit(value, 'keyboard')
  }

  return (
    <section className="screen scan-screen" aria-labelledby="scan-heading">
      <header className="screen__header">
        <h1 id="scan-heading">{s.heading}</h1>
        <p className="muted">{s.shortcutHint}</p>
      </header>

      <form className="scan-input" onSubmit={onSubmit}>
        <label htmlFor="scan-input" className="scan-input__label">
          {s.inputLabel}
        </label>
        <div className="scan-input__row">
          <input
            id="scan-input"
            ref={inputRef}
            className="scan-input__field mono"
            value={text}
            onChange={(event) => setText(event.target.value)}
            onPaste={(event) => {
              const pasted = event.clipboardData.getData('text')
              if (pasted.trim() === '') return
              event.preventDefault()
              setText('')
              void submit(pasted, 'keyboard')
            }}
            placeholder={s.inputPlaceholder}
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
            aria-describedby="scan-input-hint"
            data-testid="scan-input"
            data-scan-field
          />
          <button type="submit" className="button button--primary">
            {s.submit}
          </button>
        </div>
        <p id="scan-input-hint" className="muted scan-input__hint">
          {s.inputHint}
        </p>
      </form>

      <div className="scan-layout">
        <CameraView
          cameraId={cameraId}
          onCameraChange={setCameraId}
          mirror={mirror}
          onMirrorChange={setMirror}
          sound={sound}
          onSoundChange={setSound}
          onDecoded={onDecoded}
          flashKey={flashKey}
        />
        <div className="scan-results">
          {blocksSetAside ? (
            <p className="scan-blocks" role="status" data-testid="scan-blocks-set-aside">
              {s.blocksSetAside(blocksSetAside.sequences, blocksSetAside.total)}
            </p>
          ) : null}
          {blocks ? (
            <p className="scan-blocks" role="status" data-testid="scan-blocks">
              {s.blocks(blocks.received, blocks.total)}
            </p>
          ) : null}
          {rejected ? (
            <div className="scan-card scan-card--missing" data-testid="scan-rejected" data-code={rejected.code}>
              <p className="scan-card__heading">{s.rejected}</p>
              <p>{rejected.message}</p>
            </div>
          ) : lookup ? (
            <ScanResultCard ref={resultRef} lookup={lookup} tenantName={tenantName} onChoose={(id) => void choose(id)} />
          ) : null}
        </div>
      </div>
    </section>
  )
}

/**
 * The polite live region for scans, mounted by the app so it is heard from any screen: what was
 * scanned and whether the device was found.
 */
export function ScanAnnouncer() {
  const lookup = useScanStore((state) => state.lookup)
  const rejected = useScanStore((state) => state.rejected)
  const seq = useScanStore((state) => state.seq)
  let text = ''
  if (rejected) text = strings.scan.announce.rejected(rejected.message)
  else if (lookup?.status === 'found' && lookup.device) {
    text = strings.scan.announce.found(lookup.device.serialNumber, lookup.device.model, strings.profileStatus[lookup.device.profileStatus])
  } else if (lookup?.status === 'not-found' && lookup.reason === 'other-tenant' && lookup.otherTenant) {
    text = strings.scan.announce.notFound(strings.scan.notFound['other-tenant'].title + ': ' + lookup.otherTenant.displayName)
  } else if (lookup?.status === 'not-found' && lookup.reason) text = strings.scan.announce.notFound(strings.scan.notFound[lookup.reason].title)
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="scan-announcer">
      {/* A new node per scan, so scanning the same device twice is announced twice. */}
      <span key={seq}>{text}</span>
    </div>
  )
}
