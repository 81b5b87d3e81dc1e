import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { ScanDepsProvider, type ScanDeps } from '@renderer/scan/scan-deps'
import type { DecoderClient, DecodeReply } from '@renderer/scan/decoder-client'
import type { MediaDevicesLike } from '@renderer/scan/camera'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { keyboardLayouts, typeThroughLayout } from '@qr/payload/keyboard-layouts'
import { createFakeApi, device, ok, type FakeHandlers } from '@support/renderer/fake-api'

// Small DOM matchers (this project has no jest-dom).
declare module 'vitest' {
  interface Assertion {
    toHaveAttribute(name: string, value?: unknown): void
    toHaveText(text: string): void
    toBeInTheDocument(): void
  }
}
expect.extend({
  toHaveAttribute(received: Element | null, name: string, ...rest: unknown[]) {
    const actual = received?.getAttribute(name) ?? null
    const pass = rest.length === 0 ? actual !== null : this.equals(actual, rest[0])
    return { pass, message: () => `expected ${name}=${JSON.stringify(rest[0])}, got ${JSON.stringify(actual)}` }
  },
  toHaveText(received: Element | null, text: string) {
    const actual = received?.textContent ?? ''
    return { pass: actual.includes(text), message: () => `expected text to contain ${JSON.stringify(text)}, got ${JSON.stringify(actual)}` }
  },
  toBeInTheDocument(received: Element | null) {
    return { pass: received !== null && document.contains(received), message: () => 'expected the element to be in the document' }
  },
})

const ztdId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
const payload = buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId, serialNumber: 'PF3ABCDE' })
const scanned = device('PF3ABCDE', { id: ztdId, manufacturer: 'LENOVO', model: '21HD', profileStatus: 'assigned' })
const lookups: FakeHandlers = {
  'devices:get-device': () => ok(scanned),
  'devices:refresh-device': () => ok({ device: scanned, source: 'online', notice: null }),
}

interface Harness {
  deps: ScanDeps
  track: { stop: ReturnType<typeof vi.fn> }
  decoderDisposed: ReturnType<typeof vi.fn>
  beep: ReturnType<typeof vi.fn>
  /** What the next decode answers. */
  next: { symbol: DecodeReply['symbol']; codes?: DecodeReply['codes']; choice?: DecodeReply['choice']; unreadableAt?: DecodeReply['unreadableAt'] }
}

function harness(getUserMedia?: () => Promise<MediaStream>): Harness {
  const track = { stop: vi.fn() }
  const decoderDisposed = vi.fn()
  const beep = vi.fn()
  const next: Harness['next'] = { symbol: null }
  const media: MediaDevicesLike = {
    // A real (happy-dom) MediaStream, so <video>.srcObject accepts it, with a spy track.
    getUserMedia: getUserMedia ?? (async () => Object.assign(new MediaStream(), { getTracks: () => [track] })),
    enumerateDevices: async () => [{ kind: 'videoinput', deviceId: 'cam-1', label: 'USB Camera' }],
  }
  const decoder: DecoderClient = {
    ready: Promise.resolve({ engine: 'zxing-wasm', imageSteps: 'simd', fallbackReason: null, loadMs: 1 }),
    decodeBitmap: async () => ({ ms: 3, width: 640, height: 480, ...next }),
    decodePixels: async () => ({ ms: 3, width: 640, height: 480, symbol: null }),
    dispose: decoderDisposed,
  }
  const deps: ScanDeps = { media, createDecoder: () => decoder, beep, grab: async () => ({ close() {} }) as unknown as ImageBitmap }
  return { deps, track, decoderDisposed, beep, next }
}

function renderApp(deps: ScanDeps, handlers: FakeHandlers = lookups) {
  const api = createFakeApi(handlers)
  const stores = createStores(api)
  render(
    <ScanDepsProvider deps={deps}>
      <AppRoot api={api} stores={stores} />
    </ScanDepsProvider>,
  )
  return { api, stores }
}

const openScan = async () => {
  fireEvent.keyDown(window, { key: 'F2' })
  await screen.findByRole('heading', { name: 'Scan', level: 1 })
}

describe('Scan screen', () => {
  it('F2 from any screen opens Scan with the scan field focused', async () => {
    renderApp(harness().deps)
    await screen.findByRole('heading', { name: 'Autopilot devices' })
    await openScan()
    expect(document.activeElement).toBe(screen.getByTestId('scan-input'))
    expect(screen.getByRole('button', { name: /Scan/ })).toHaveAttribute('aria-current', 'page')
  })

  it('a camera read lands on the device card: focus, beep, overlay, announcement; the camera is released on leaving', async () => {
    const h = harness()
    const { api, stores } = renderApp(h.deps)
    await openScan()
    await waitFor(() => expect(document.querySelector('.camera')).toHaveAttribute('data-phase', 'running'))
    h.next.symbol = {
      text: payload,
      format: 'QRCode',
      position: [
        { x: 10, y: 10 },
        { x: 100, y: 10 },
        { x: 100, y: 100 },
        { x: 10, y: 100 },
      ],
    }
    const card = await screen.findByTestId('scan-result', {}, { timeout: 3000 })
    await waitFor(() => expect(card).toHaveAttribute('data-status', 'found'))
    expect(card).toHaveAttribute('data-device-id', ztdId)
    expect(card).toHaveText('PF3ABCDE')
    expect(card).toHaveText('Assigned')
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: /Scanned device: PF3ABCDE/ })))
    expect(h.beep).toHaveBeenCalledTimes(1)
    // The same path as a USB scan: the device joins the bench and is the Bench's selection.
    expect(stores.bench.getState().selectedDeviceId).toBe(ztdId)
    expect(api.callsTo('bench:add-device')[0]).toEqual({ deviceId: ztdId, jobId: null, scanId: expect.any(String) })
    expect(screen.getByTestId('scan-flash')).toBeInTheDocument()
    expect(screen.getByTestId('scan-announcer')).toHaveText('Scanned PF3ABCDE, 21HD. Profile: Assigned.')
    expect(screen.getByTestId('scan-overlay').querySelector('polygon')).toHaveAttribute('points', '10,10 100,10 100,100 10,100')
    // The same code stays in view: no second lookup, no second beep.
    await new Promise((r) => setTimeout(r, 200))
    expect(h.beep).toHaveBeenCalledTimes(1)
    fireEvent.click(screen.getByRole('button', { name: /^Devices/ }))
    await screen.findByRole('heading', { name: 'Autopilot devices' })
    expect(h.track.stop).toHaveBeenCalled()
    expect(h.decoderDisposed).toHaveBeenCalled()
  })

  it('several codes in view: a sticker is ignored visibly; two devices are never guessed — the technician picks', async () => {
    const h = harness()
    const { api } = renderApp(h.deps)
    await openScan()
    await waitFor(() => expect(document.querySelector('.camera')).toHaveAttribute('data-phase', 'running'))
    const square = (x: number, y: number, side: number) =>
      [
        { x, y },
        { x: x + side, y },
        { x: x + side, y: y + side },
        { x, y: y + side },
      ] as [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }]
    const other = buildWindowsQrPayload({
      id: '5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c9d',
      ztdId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      serialNumber: '5CG1234XYZ',
    })
    const wifi = 'WIFI:T:WPA;S:Bench;P:secret12;;'
    const device = { text: payload, format: 'QRCode', position: square(250, 170, 140), autopilot: true, kind: 'device', serialNumber: 'PF3ABCDE' }
    const neighbour = { text: other, format: 'QRCode', position: square(20, 20, 120), autopilot: true, kind: 'device', serialNumber: '5CG1234XYZ' }
    const sticker = { text: wifi, format: 'QRCode', position: square(500, 300, 80), autopilot: false, kind: 'wifi', serialNumber: null }

    // Two devices and a sticker: no lookup, a picker with both serials, the aimed one (centre) first.
    h.next.codes = [neighbour, sticker, device]
    h.next.choice = { status: 'ambiguous', indices: [0, 2] }
    const picker = await screen.findByTestId('code-picker', {}, { timeout: 3000 })
    expect(picker).toHaveText('2 Autopilot devices')
    const choices = picker.querySelectorAll('.code-picker__choice')
    expect(choices[0]).toHaveText('Serial PF3ABCDE')
    expect(choices[0]).toHaveText('under the crosshair')
    expect(choices[1]).toHaveText('Serial 5CG1234XYZ')
    expect(api.callsTo('devices:get-device')).toEqual([])
    expect(screen.getByTestId('scan-ignored')).toHaveText('Also saw a Wi-Fi code — ignored.')
    expect([...screen.getByTestId('scan-overlay').querySelectorAll('polygon')].map((p) => p.getAttribute('data-role'))).toEqual([
      'candidate',
      'ignored',
      'aimed',
    ])

    // The technician picks the neighbour: that device is looked up.
    h.next.codes = []
    h.next.choice = { status: 'none' }
    fireEvent.click(choices[1]!)
    await waitFor(() => expect(api.callsTo('devices:get-device')).toEqual([{ id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }]))
    expect(screen.queryByTestId('code-picker')).toBeNull()

    // One device's code read and another QR code in view that could not be read (the neighbour's,
    // cut off by the edge): no lookup either; the picker asks about the one it read.
    h.next.codes = [device]
    h.next.choice = { status: 'ambiguous', indices: [0], unreadable: 1 }
    h.next.unreadableAt = [{ x: 630, y: 200 }]
    const asking = await screen.findByTestId('code-picker', {}, { timeout: 3000 })
    // The overlay marks where the unreadable code is.
    await waitFor(() => expect(screen.getByTestId('scan-overlay').querySelector('circle[data-role="unreadable"]')).toHaveAttribute('cx', '630'))
    expect(asking).toHaveText('Another code is in view but could not be read')
    expect(asking.querySelectorAll('.code-picker__choice')).toHaveLength(1)
    expect(asking.querySelector('.code-picker__choice')).toHaveText('Serial PF3ABCDE')
    expect(api.callsTo('devices:get-device')).toHaveLength(1)
    h.next.codes = []
    h.next.choice = { status: 'none' }
    h.next.unreadableAt = []
    fireEvent.click(asking.querySelector('.code-picker__choice')!)
    await waitFor(() => expect(api.callsTo('devices:get-device')).toHaveLength(2))
    expect(screen.queryByTestId('code-picker')).toBeNull()

    // The device's code beside a sticker: the device's code is used, the sticker marked ignored.
    h.next.codes = [sticker, device]
    h.next.choice = { status: 'one', index: 1 }
    h.next.symbol = { text: payload, format: 'QRCode', position: device.position }
    await waitFor(() => expect(api.callsTo('devices:get-device')).toContainEqual({ id: ztdId }), { timeout: 3000 })
    await waitFor(() =>
      expect([...screen.getByTestId('scan-overlay').querySelectorAll('polygon')].map((p) => p.getAttribute('data-role'))).toEqual(['ignored', 'used']),
    )
  })

  it.each([
    ['NotAllowedError', 'Camera permission denied'],
    ['NotReadableError', 'The camera is in use'],
    ['NotFoundError', 'No camera found'],
  ])('explains %s', async (name, title) => {
    renderApp(harness(() => Promise.reject(Object.assign(new Error(name), { name }))).deps)
    await openScan()
    expect(await screen.findByRole('alert')).toHaveText(title)
    expect(screen.getByTestId('camera-problem')).toHaveAttribute('data-problem', expect.any(String))
  })

  it('says so when this window has no camera access at all, and the scan field still works', async () => {
    renderApp({ ...harness().deps, media: null })
    await openScan()
    expect(screen.getByTestId('camera-problem')).toHaveText('No camera access here')
    const input = screen.getByTestId('scan-input')
    fireEvent.change(input, { target: { value: payload } })
    fireEvent.submit(input.closest('form')!)
    expect(await screen.findByTestId('scan-result')).toHaveText('PF3ABCDE')
  })

  it('takes pasted text at once, and sends stray typing on the screen into the scan field', async () => {
    renderApp(harness().deps)
    await openScan()
    const input = screen.getByTestId('scan-input')
    fireEvent.paste(input, { clipboardData: { getData: () => ztdId } })
    expect(await screen.findByTestId('scan-result')).toHaveAttribute('data-device-id', ztdId)
    await waitFor(() => expect(document.activeElement).not.toBe(input))
    fireEvent.keyDown(document.body, { key: 'P' })
    expect(document.activeElement).toBe(input)
  })

  it('explains a code that is not an Autopilot code, and a ZtdId this tenant does not know', async () => {
    renderApp(harness().deps, {
      'devices:get-device': () => ok(null),
      'devices:refresh-device': () => ok({ device: null, source: 'online', notice: { code: 'not-found', message: 'gone' } }),
    })
    await openScan()
    const input = screen.getByTestId('scan-input')
    fireEvent.change(input, { target: { value: 'https://contoso.com/' } })
    fireEvent.submit(input.closest('form')!)
    expect(await screen.findByTestId('scan-rejected')).toHaveText('web address')
    fireEvent.change(input, { target: { value: payload } })
    fireEvent.submit(input.closest('form')!)
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card).toHaveAttribute('data-reason', 'unknown-ztdid'))
    expect(card).toHaveText('This device is not in this tenant')
    expect(card).toHaveText('The tenant Contoso Bench has no Autopilot device with this id in Intune.')
    expect(card).toHaveText('different tenant')
    expect(card).not.toHaveText('Register it')
  })

  it('a later scan ends a partial multi-block code: "Block 1 of 2 read" goes and the set-aside block is said', async () => {
    renderApp(harness().deps)
    await openScan()
    const input = screen.getByTestId('scan-input')
    const scan = (text: string) => {
      fireEvent.change(input, { target: { value: text } })
      fireEvent.submit(input.closest('form')!)
    }
    scan(JSON.stringify({ Id: 'r1', SequenceBlockNumber: 1, TotalBlocks: 2, ZtdId: ztdId }))
    expect(await screen.findByTestId('scan-blocks')).toHaveText('Block 1 of 2 read — scan the next code.')
    scan(payload)
    expect(await screen.findByTestId('scan-result')).toHaveText('PF3ABCDE')
    expect(screen.queryByTestId('scan-blocks')).toBeNull()
    expect(screen.getByTestId('scan-blocks-set-aside')).toHaveText('The first block of a 2-block code was set aside: scan both blocks again.')
    scan(payload)
    await waitFor(() => expect(screen.queryByTestId('scan-blocks-set-aside')).toBeNull())
  })

  it('a pasted fragment of a code finds the device and says part of the code was missing, not a keyboard layout', async () => {
    renderApp(harness().deps)
    await openScan()
    const fragment = `"ZtdId":"${ztdId}","PKID":"","SerialNumber":"PF3ABCDE","SequenceBlockNumber":1,"TotalBlocks":1}`
    fireEvent.paste(screen.getByTestId('scan-input'), { clipboardData: { getData: () => fragment } })
    const card = await screen.findByTestId('scan-result')
    await waitFor(() => expect(card).toHaveAttribute('data-status', 'found'))
    const note = screen.getByTestId('scan-repaired')
    expect(note).toHaveText('Part of the code was missing or damaged; the device was found by the device id it still holds.')
    expect(note.textContent).not.toMatch(/keyboard layout| a unknown/)
    // A whole code typed through a known layout names it, with an article that fits any name ("the Italian").
    const italian = typeThroughLayout(
      payload,
      keyboardLayouts.find((layout) => layout.id === 'it')!,
    )
    fireEvent.paste(screen.getByTestId('scan-input'), { clipboardData: { getData: () => italian } })
    await waitFor(() => expect(screen.getByTestId('scan-repaired')).toHaveText('Typed through the Italian keyboard layout; repaired.'))
  })

  it('takes a keyboard-wedge burst typed on another screen as a scan and lands on the Bench on the device', async () => {
    const { stores } = renderApp(harness().deps)
    await screen.findByRole('heading', { name: 'Autopilot devices' })
    ;(document.activeElement as HTMLElement | null)?.blur()
    act(() => {
      for (const key of payload) fireEvent.keyDown(document.body, { key })
      fireEvent.keyDown(document.body, { key: 'Enter' })
    })
    await screen.findByRole('heading', { name: 'Bench', level: 1 })
    await waitFor(() => expect(stores.scan.getState().resolved?.deviceId).toBe(ztdId))
    expect(stores.bench.getState().selectedDeviceId).toBe(ztdId)
    expect(screen.getByTestId('scan-announcer')).toHaveText('Scanned PF3ABCDE')
  })
})
