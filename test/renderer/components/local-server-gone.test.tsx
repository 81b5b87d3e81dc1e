import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen, waitFor } from '@testing-library/react'
import { errorText } from '@shared/error-codes'

/** select-api and the server flag are module state: each test loads them (and the app that reads the flag) fresh. */
async function freshApp() {
  vi.resetModules()
  const { selectApi } = await import('@renderer/api/select-api')
  const { AppRoot } = await import('@renderer/root')
  const { ErrorMessage } = await import('@renderer/components/error-message')
  return { selectApi, AppRoot, ErrorMessage }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  sessionStorage.clear()
})

describe('browser mode: the local server stopped (`npm run web` ended)', () => {
  it('says so at the top and in the status bar (not "Online"), a failed action blames the app server, not Intune, and it clears when the server answers', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    window.history.replaceState(null, '', '/#token=gone0001')
    let up = false
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        if (!up) throw new TypeError('Failed to fetch')
        return { ok: true, status: 200, body: null, text: async () => '{"ok":false,"error":{"code":"not-found","message":"x"}}' } as unknown as Response
      }),
    )
    const { selectApi, AppRoot, ErrorMessage } = await freshApp()
    const selection = selectApi()
    if (selection.kind !== 'http') throw new Error('expected the HTTP Api')
    render(<AppRoot api={selection.api} />)

    const banner = await screen.findByTestId('local-server-gone')
    expect(banner.getAttribute('role')).toBe('alert')
    expect(banner.textContent).toContain("Autopilot Bench's local server stopped")
    expect(banner.textContent).toContain('Nothing you did is lost')
    expect(banner.textContent).toContain('npm run web')
    // A restarted server makes a new token: this tab cannot get back on its own, and says so.
    expect(banner.textContent).toContain('cannot reconnect by itself')
    const connection = screen.getByTestId('status-connection')
    expect(connection.textContent).toBe('App server stopped')
    expect(connection.textContent).not.toContain('Online')

    const failed = await selection.api.invoke('app:get-info', {})
    if (failed.ok) throw new Error('expected a failure')
    const { container } = render(<ErrorMessage error={failed.error} />)
    const text = container.querySelector('.error-message__text')!.textContent ?? ''
    expect(text).toBe(errorText['app-server-gone'])
    expect(text).not.toMatch(/Intune cannot be reached|when online/)

    up = true
    await act(async () => void (await selection.api.invoke('app:get-info', {})))
    await waitFor(() => expect(screen.queryByTestId('local-server-gone')).toBeNull())
  })
})
