import { useEffect, useRef, useState } from 'react'
import { classifyCameraError, listCameras, openCamera, stopStream, type CameraInfo, type CameraProblem } from '../scan/camera'
import type { DecoderClient, DecoderReady, DecodeReply } from '../scan/decoder-client'
import type { CodeChoice, Point, Quad, ScannedCode } from '../scan/decoder-protocol'
import { startScanLoop, type ScanLoop } from '../scan/scan-loop'
import { useScanDeps } from '../scan/scan-deps'
import { strings } from '../strings'
import { CodePicker, type PickerCandidate } from './code-picker'

type Phase = 'idle' | 'starting' | 'running' | CameraProblem

/** How the overlay marks a code: the one acted on, one ignored (not Autopilot), or one to pick from. */
type CodeRole = 'used' | 'ignored' | 'candidate' | 'aimed'

interface Detection {
  codes: Array<{ quad: Quad; role: CodeRole; text: string }>
  /** Where a code was seen but could not be read (the neighbour's, cut off by the edge). */
  unreadableAt?: Point[]
  width: number
  height: number
  at: number
}

/** Several Autopilot codes in view: the technician picks (or aims the crosshair at one). */
interface Ambiguity {
  width: number
  height: number
  candidates: PickerCandidate[]
  /** Other QR codes in view that could not be read. */
  unreadable: number
}

const inside = (quad: Quad, x: number, y: number): boolean => {
  let sign = 0
  for (let i = 0; i < 4; i++) {
    const a = quad[i]!
    const b = quad[(i + 1) % 4]!
    const cross = (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x)
    if (cross === 0) continue
    if (sign === 0) sign = Math.sign(cross)
    else if (Math.sign(cross) !== sign) return false
  }
  return true
}

/** Replies from a decoder without multi-code support carry only `symbol`. */
function codesOf(reply: DecodeReply): { codes: ScannedCode[]; choice: CodeChoice } {
  if (reply.codes && reply.choice) return { codes: reply.codes, choice: reply.choice }
  if (!reply.symbol) return { codes: [], choice: { status: 'none' } }
  return { codes: [{ ...reply.symbol, autopilot: true, kind: 'device', serialNumber: null }], choice: { status: 'one', index: 0 } }
}

/**
 * The camera half of the Scan screen: picker, start/stop, mirror, the live view with a detection
 * overlay, and the capture loop feeding the decoder Worker. The camera is released (tracks stopped)
 * when scanning stops or the screen is left; the Worker is terminated with the component.
 */
export function CameraView({
  cameraId,
  onCameraChange,
  mirror,
  onMirrorChange,
  sound,
  onSoundChange,
  onDecoded,
  flashKey,
}: {
  cameraId: string | null
  onCameraChange(deviceId: string | null): void
  mirror: boolean
  onMirrorChange(mirror: boolean): void
  sound: boolean
  onSoundChange(sound: boolean): void
  onDecoded(text: string, format: string): void
  /** Changes on every camera scan that resolved: flash. */
  flashKey: number
}) {
  const deps = useScanDeps()
  const s = strings.scan.camera
  const videoRef = useRef<HTMLVideoElement>(null)
  const [running, setRunning] = useState(deps.media !== null)
  /** Bumped by Start: re-runs the session (a retry after an error). */
  const [session, setSession] = useState(0)
  const [phase, setPhase] = useState<Phase>(deps.media ? 'idle' : 'unsupported')
  const [cameras, setCameras] = useState<CameraInfo[]>([])
  const decoderRef = useRef<DecoderClient | null>(null)
  const [ready, setReady] = useState<DecoderReady | null>(null)
  const [detection, setDetection] = useState<Detection | null>(null)
  const [ambiguity, setAmbiguity] = useState<Ambiguity | null>(null)
  /** Codes seen and ignored ("also saw a Wi-Fi code — ignored"), cleared a few seconds later. */
  const [ignored, setIgnored] = useState<{ kinds: string[]; alone: boolean; at: number } | null>(null)
  const [attempts, setAttempts] = useState(0)
  /** Milliseconds from the camera's first frame to the first symbol read (the "first read" target). */
  const [firstReadMs, setFirstReadMs] = useState<number | null>(null)
  const onDecodedRef = useRef(onDecoded)
  useEffect(() => {
    onDecodedRef.current = onDecoded
  }, [onDecoded])

  // The decoder Worker lives as long as the view: the wasm loads while the camera starts.
  useEffect(() => {
    const client = deps.createDecoder()
    decoderRef.current = client
    let live = true
    client.ready.then(
      (info) => live && setReady(info),
      () => live && setReady({ engine: 'jsqr', imageSteps: 'js', fallbackReason: 'the decoder worker did not start', loadMs: 0 }),
    )
    return () => {
      live = false
      decoderRef.current = null
      client.dispose()
    }
  }, [deps])

  // Cameras: listed now (labels arrive once permission is granted) and whenever one is plugged in.
  useEffect(() => {
    const media = deps.media
    if (!media) return
    let live = true
    const refresh = () =>
      void listCameras(media).then(
        (list) => live && setCameras(list),
        () => {},
      )
    refresh()
    media.addEventListener?.('devicechange', refresh)
    return () => {
      live = false
      media.removeEventListener?.('devicechange', refresh)
    }
  }, [deps, phase])

  // The session: open the camera, play it, run the capture loop; everything released on cleanup.
  useEffect(() => {
    const media = deps.media
    const video = videoRef.current
    if (!running || !media || !video) return
    let live = true
    let stream: MediaStream | null = null
    let loop: ScanLoop | null = null
    let meter: ReturnType<typeof setInterval> | null = null
    setPhase('starting')
    void (async () => {
      try {
        stream = await openCamera(media, cameraId)
        if (!live) return stopStream(stream)
        video.srcObject = stream
        video.muted = true
        try {
          await video.play()
        } catch {
          // Autoplay of a muted camera stream is allowed; a refusal leaves frames to the grab check.
        }
        if (!live) return
        setPhase('running')
        const playingAt = performance.now()
        let firstRead = false
        loop = startScanLoop({
          grab: () => deps.grab(video),
          decode: (bitmap) => {
            const decoder = decoderRef.current
            if (!decoder) {
              bitmap.close()
              return Promise.reject(new Error('the decoder is not running'))
            }
            return decoder.decodeBitmap(bitmap)
          },
          onResult: (reply: DecodeReply) => {
            const { codes, choice } = codesOf(reply)
            if (codes.length === 0) return
            const at = performance.now()
            const others = codes.filter((code, index) =>
              choice.status === 'one' ? index !== choice.index : choice.status === 'ambiguous' ? !choice.indices.includes(index) : true,
            )
            const notAutopilot = others.filter((code) => !code.autopilot).map((code) => code.kind)
            if (notAutopilot.length > 0) setIgnored({ kinds: notAutopilot, alone: choice.status === 'none', at })
            if (choice.status === 'none') {
              setDetection({
                codes: codes.map((code) => ({ quad: code.position, role: 'ignored', text: code.text })),
                width: reply.width,
                height: reply.height,
                at,
              })
              return
            }
            if (!firstRead) {
              firstRead = true
              setFirstReadMs(Math.round(at - playingAt))
            }
            if (choice.status === 'ambiguous') {
              // Never a guess: the candidate under the crosshair (the frame's centre) is marked, the technician picks.
              const candidates = choice.indices.map((index) => {
                const code = codes[index]!
                const cx = code.position.reduce((sum, p) => sum + p.x, 0) / 4
                return {
                  text: code.text,
                  format: code.format,
                  serialNumber: code.serialNumber,
                  left: cx < reply.width / 2,
                  aimed: inside(code.position, reply.width / 2, reply.height / 2),
                }
              })
              setAmbiguity({ width: reply.width, height: reply.height, candidates, unreadable: choice.unreadable ?? 0 })
              setDetection({
                codes: codes.map((code, index) => {
                  const candidate = choice.indices.includes(index)
                  const aimed = candidate && candidates.find((c) => c.text === code.text)?.aimed === true
                  return { quad: code.position, role: aimed ? 'aimed' : candidate ? 'candidate' : 'ignored', text: code.text }
                }),
                unreadableAt: reply.unreadableAt ?? [],
                width: reply.width,
                height: reply.height,
                at,
              })
              return
            }
            const chosen = codes[choice.index]!
            setAmbiguity(null)
            setDetection({
              codes: codes.map((code, index) => ({ quad: code.position, role: index === choice.index ? 'used' : 'ignored', text: code.text })),
              width: reply.width,
              height: reply.height,
              at,
            })
            onDecodedRef.current(chosen.text, chosen.format)
          },
          onError: (error) => console.warn(`[scan] ${error.message}`),
        })
        meter = setInterval(() => setAttempts(loop?.attemptsPerSecond() ?? 0), 500)
      } catch (error) {
        if (live) setPhase(classifyCameraError(error))
      }
    })()
    return () => {
      live = false
      loop?.stop()
      if (meter) clearInterval(meter)
      stopStream(stream)
      video.srcObject = null
      setAttempts(0)
      setDetection(null)
      setAmbiguity(null)
    }
  }, [deps, running, cameraId, session])

  useEffect(() => {
    if (!detection) return
    const timer = setTimeout(() => setDetection(null), 700)
    return () => clearTimeout(timer)
  }, [detection])

  useEffect(() => {
    if (!ignored) return
    const timer = setTimeout(() => setIgnored(null), 3000)
    return () => clearTimeout(timer)
  }, [ignored])

  const pick = (candidate: PickerCandidate) => {
    setAmbiguity(null)
    onDecodedRef.current(candidate.text, candidate.format)
  }

  const stop = () => {
    setRunning(false)
    setPhase('idle')
  }
  const start = () => {
    setRunning(true)
    setSession((n) => n + 1)
  }

  const problem = phase !== 'idle' && phase !== 'starting' && phase !== 'running' ? s.problem[phase] : null
  const isRunning = phase === 'running' || phase === 'starting'

  return (
    <section className="camera" aria-label={s.region} data-phase={phase} data-first-read-ms={firstReadMs ?? undefined}>
      <div className="camera__controls">
        <label className="camera__picker">
          <span>{s.picker}</span>
          <select
            value={cameraId ?? ''}
            onChange={(event) => onCameraChange(event.target.value === '' ? null : event.target.value)}
            disabled={deps.media === null}
          >
            <option value="">{s.defaultCamera}</option>
            {cameras.map((camera) => (
              <option key={camera.deviceId} value={camera.deviceId}>
                {camera.label}
              </option>
            ))}
          </select>
        </label>
        {isRunning ? (
          <button type="button" className="button" onClick={stop}>
            {s.stop}
          </button>
        ) : (
          <button type="button" className="button button--primary" onClick={start} disabled={deps.media === null}>
            {s.start}
          </button>
        )}
        <label className="camera__toggle">
          <input type="checkbox" checked={mirror} onChange={(event) => onMirrorChange(event.target.checked)} /> {s.mirror}
        </label>
        <label className="camera__toggle">
          <input type="checkbox" checked={sound} onChange={(event) => onSoundChange(event.target.checked)} /> {s.sound}
        </label>
        <span
          className="camera__stats muted"
          data-testid="scan-attempts"
          data-attempts={attempts}
          data-engine={ready?.engine ?? ''}
          data-image-steps={ready?.imageSteps ?? ''}
        >
          {ready ? s.attempts(attempts) : s.decoderLoading}
        </span>
      </div>
      {ready?.fallbackReason ? (
        <p className="camera__fallback" role="note" data-testid="decoder-fallback">
          {s.fallback(ready.fallbackReason)}
        </p>
      ) : null}
      <div className={`camera__stage${mirror ? ' camera__stage--mirror' : ''}`}>
        {/* A new element per successful scan replays the flash animation. */}
        {flashKey > 0 ? <div key={flashKey} className="camera__flash" aria-hidden="true" data-testid="scan-flash" /> : null}
        <video ref={videoRef} className="camera__video" playsInline muted aria-hidden="true" hidden={!isRunning} />
        {detection ? (
          <svg
            className="camera__overlay"
            viewBox={`0 0 ${detection.width} ${detection.height}`}
            preserveAspectRatio="xMidYMid meet"
            aria-hidden="true"
            data-testid="scan-overlay"
          >
            {detection.codes.map((code) => (
              <polygon
                key={code.text}
                className={`camera__code camera__code--${code.role}`}
                data-role={code.role}
                points={code.quad.map((p) => `${p.x},${p.y}`).join(' ')}
              />
            ))}
            {(detection.unreadableAt ?? []).map((p, index) => (
              <circle
                key={`u${index}`}
                className="camera__unreadable"
                data-role="unreadable"
                cx={p.x}
                cy={p.y}
                r={Math.max(detection.width, detection.height) / 60}
              />
            ))}
          </svg>
        ) : null}
        {ambiguity ? (
          <svg
            className="camera__overlay camera__crosshair"
            viewBox={`0 0 ${ambiguity.width} ${ambiguity.height}`}
            preserveAspectRatio="xMidYMid meet"
            aria-hidden="true"
            data-testid="scan-crosshair"
          >
            <path d={`M ${ambiguity.width / 2 - 24} ${ambiguity.height / 2} h 48 M ${ambiguity.width / 2} ${ambiguity.height / 2 - 24} v 48`} />
          </svg>
        ) : null}
        {phase === 'starting' ? <p className="camera__message">{s.starting}</p> : null}
        {phase === 'running' && !ignored ? <p className="camera__hint">{s.aim}</p> : null}
        {phase === 'running' && ignored ? (
          <p className="camera__hint camera__hint--ignored" role="status" data-testid="scan-ignored">
            {ignored.alone ? s.onlyIgnored(ignored.kinds) : s.alsoIgnored(ignored.kinds)}
          </p>
        ) : null}
        {problem ? (
          <div className="camera__problem" role="alert" data-testid="camera-problem" data-problem={phase}>
            <p className="camera__problem-title">{problem.title}</p>
            <p>{problem.body}</p>
          </div>
        ) : null}
      </div>
      {ambiguity ? (
        <CodePicker candidates={ambiguity.candidates} unreadable={ambiguity.unreadable} mirror={mirror} onPick={pick} onDismiss={() => setAmbiguity(null)} />
      ) : null}
    </section>
  )
}
