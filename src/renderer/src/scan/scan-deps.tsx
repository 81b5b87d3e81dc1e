import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { browserMediaDevices, type MediaDevicesLike } from './camera'
import { createDecoderClient, type DecoderClient } from './decoder-client'
import { playScanBeep } from './feedback'

/** What the Scan screen needs from the platform: cameras, the decoder Worker, a beep. Tests inject fakes. */
export interface ScanDeps {
  media: MediaDevicesLike | null
  createDecoder(): DecoderClient
  beep(): void
  /** The current video frame as a GPU-side bitmap, or null before the first frame. */
  grab(video: HTMLVideoElement): Promise<ImageBitmap | null>
}

const grabVideoFrame = async (video: HTMLVideoElement): Promise<ImageBitmap | null> =>
  video.readyState >= 2 && video.videoWidth > 0 ? createImageBitmap(video) : null

const ScanDepsContext = createContext<ScanDeps | null>(null)

export function ScanDepsProvider({ deps, children }: { deps: ScanDeps; children: ReactNode }) {
  return <ScanDepsContext.Provider value={deps}>{children}</ScanDepsContext.Provider>
}

export function useScanDeps(): ScanDeps {
  const given = useContext(ScanDepsContext)
  return useMemo(() => given ?? { media: browserMediaDevices(), createDecoder: () => createDecoderClient(), beep: playScanBeep, grab: grabVideoFrame }, [given])
}
