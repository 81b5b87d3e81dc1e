import type { ScanOrigin, ScanState, ScanStore } from './scan-store'
import type { UiStore } from './ui-store'

/**
 * A scan from anywhere (the window's scan capture): looked up through the scan store, the same path
 * as the Scan screen's field and the camera (a resolved device joins the bench with the active job
 * and becomes the Bench's selection), then shown: a found device on the Bench, anything else —
 * not a device code, unknown, several devices, a lookup failure, a multi-block QR still waiting for
 * blocks — on the Scan screen, which explains it. The window moves once per scan, on its first
 * answer (the online refresh that follows a cached answer does not move it again).
 */
export async function landScan(stores: { scan: ScanStore; ui: UiStore }, text: string, origin: ScanOrigin): Promise<void> {
  const { scan, ui } = stores
  const before = scan.getState().seq
  let landed = false
  const land = (state: ScanState) => {
    if (landed) return
    if (state.rejected && state.rejected.seq > before) {
      landed = true
      ui.getState().navigate('scan')
      return
    }
    const lookup = state.lookup
    if (lookup && lookup.seq > before && lookup.status !== 'looking-up') {
      landed = true
      ui.getState().navigate(lookup.status === 'found' ? 'bench' : 'scan')
    }
  }
  const unsubscribe = scan.subscribe(land)
  try {
    await scan.getState().submit(text, origin)
  } finally {
    unsubscribe()
    if (!landed) {
      land(scan.getState())
      if (!landed && scan.getState().blocks) ui.getState().navigate('scan')
    }
  }
}
