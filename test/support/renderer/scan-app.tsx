import { fireEvent, render, screen } from '@testing-library/react'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { ScanDepsProvider, type ScanDeps } from '@renderer/scan/scan-deps'
import type { DecoderClient } from '@renderer/scan/decoder-client'
import { createFakeApi, idleStatus, ok, type FakeHandlers } from './fake-api'

/** A window with no camera: the scan field is the way in (as with a wedge scanner or a paste). */
export const noCameraDeps: ScanDeps = {
  media: { getUserMedia: async () => Promise.reject(new Error('no camera')), enumerateDevices: async () => [] },
  createDecoder: () =>
    ({
      ready: new Promise(() => {}),
      decodeBitmap: async () => ({ ms: 0, width: 0, height: 0, symbol: null }),
      decodePixels: async () => ({ ms: 0, width: 0, height: 0, symbol: null }),
      dispose: () => {},
    }) as unknown as DecoderClient,
  beep: () => {},
  grab: async () => ({ close() {} }) as unknown as ImageBitmap,
}

/** The whole app without a camera, on a cache synced once (so an unknown serial is "not registered as of the last sync"). */
export function renderScanApp(handlers: FakeHandlers) {
  const api = createFakeApi({ 'sync:get-status': () => ok({ ...idleStatus, lastSuccessAt: '2026-01-05T10:00:00Z' }), ...handlers })
  const stores = createStores(api)
  render(
    <ScanDepsProvider deps={noCameraDeps}>
      <AppRoot api={api} stores={stores} />
    </ScanDepsProvider>,
  )
  return { api, stores }
}

/** F2, then `text` into the Scan screen's field and Enter, as a scanner or a paste gives it. */
export async function scanInField(text: string) {
  fireEvent.keyDown(window, { key: 'F2' })
  await screen.findByRole('heading', { name: 'Scan', level: 1 })
  const input = screen.getByTestId('scan-input')
  fireEvent.change(input, { target: { value: text } })
  fireEvent.submit(input.closest('form')!)
}
