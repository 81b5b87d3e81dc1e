/**
 * Camera access for the Scan screen: the list of cameras, opening one (the remembered one when it is
 * still there) and turning getUserMedia's exceptions into the states the screen explains.
 */
export type CameraProblem = 'unsupported' | 'no-camera' | 'permission-denied' | 'camera-busy' | 'camera-error'

export interface CameraInfo {
  deviceId: string
  label: string
}

/** The part of `navigator.mediaDevices` used here (tests pass a fake). */
export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>
  enumerateDevices(): Promise<Array<{ kind: string; deviceId: string; label: string }>>
  addEventListener?(type: 'devicechange', listener: () => void): void
  removeEventListener?(type: 'devicechange', listener: () => void): void
}

export const browserMediaDevices = (): MediaDevicesLike | null =>
  typeof navigator !== 'undefined' && navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === 'function' ? navigator.mediaDevices : null

export function classifyCameraError(error: unknown): CameraProblem {
  const name = (error as { name?: unknown } | null)?.name
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'permission-denied'
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'no-camera'
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'camera-busy'
    default:
      return 'camera-error'
  }
}

export async function listCameras(media: MediaDevicesLike): Promise<CameraInfo[]> {
  const devices = await media.enumerateDevices()
  return devices
    .filter((device) => device.kind === 'videoinput' && device.deviceId !== '')
    .map((device, index) => ({ deviceId: device.deviceId, label: device.label || `Camera ${index + 1}` }))
}

/** 1280×720 is asked for: big enough for small codes, cheap enough for ≥ 10 decodes per second. */
const resolution = { width: { ideal: 1280 }, height: { ideal: 720 } }

/** Opens `deviceId`, or the default camera when none is remembered or the remembered one is gone. */
export async function openCamera(media: MediaDevicesLike, deviceId: string | null): Promise<MediaStream> {
  if (deviceId) {
    try {
      return await media.getUserMedia({ video: { ...resolution, deviceId: { exact: deviceId } }, audio: false })
    } catch (error) {
      const problem = classifyCameraError(error)
      if (problem !== 'no-camera') throw error
    }
  }
  return media.getUserMedia({ video: { ...resolution, facingMode: 'environment' }, audio: false })
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop()
}
