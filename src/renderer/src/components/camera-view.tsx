import { useEffect, useRef, useState } from 'react'
import { classifyCameraError, listCameras, openCamera, stopStream, type CameraInfo, type CameraProblem } from '../scan/camera'
import type { DecoderClient, DecoderReady, DecodeReply } from '../scan/decoder-client'
import type { Point } from '../scan/decoder-protocol'
import { startScanLoop, type ScanLoop } from '../scan/scan-loop'
import { useScanDeps } from '../scan/scan-deps'
import { strings } from '../strings'

type Phase = 'idle' | 'starting' | 'running' | CameraProblem

interface Detection {
  quad: [Point, Point, Point, Point]
  width: number
  height: number
  at: number
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
            if (!reply.symbol) return
            if (!firstRead) {
              firstRead = true
              setFirstReadMs(Math.round(performance.now() - playingAt))
            }
            setDetection({ quad: reply.symbol.position, width: reply.width, height: reply.height, at: performance.now() })
            onDecodedRef.current(reply.symbol.text, reply.symbol.format)
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
    }
  }, [deps, running, cameraId, session])

  useEffect(() => {
    if (!detection) return
    const timer = setTimeout(() => setDetection(null), 700)
    return () => clearTimeout(timer)
  }, [detection])

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
            <polygon points={detection.quad.map((p) => `${p.x},${p.y}`).join(' ')} />
          </svg>
        ) : null}
        {phase === 'starting' ? <p className="camera__message">{s.starting}</p> : null}
        {phase === 'running' ? <p className="camera__hint">{s.aim}</p> : null}
        {problem ? (
          <div className="camera__problem" role="alert" data-testid="camera-problem" data-problem={phase}>
            <p className="camera__problem-title">{problem.title}</p>
            <p>{problem.body}</p>
          </div>
        ) : null}
      </div>
    </section>
  )
}
