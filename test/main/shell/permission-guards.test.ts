import { describe, expect, it } from 'vitest'
import { installPermissionGuards } from '@main/shell/permission-guards'
import { createFakeElectron } from '@support/fake-electron'
import { recordingLog } from '@support/ipc-fixtures'

function setup() {
  const { session } = createFakeElectron()
  installPermissionGuards(session.defaultSession as never, recordingLog())
  return session.defaultSession
}

const app = 'app://bench/'

describe('session permission guards', () => {
  it('installs request, check and device handlers', () => {
    const ses = setup()
    expect(ses.permissionRequestHandler).toBeTypeOf('function')
    expect(ses.permissionCheckHandler).toBeTypeOf('function')
    expect(ses.devicePermissionHandler?.({ deviceType: 'hid' })).toBe(false)
  })

  it('grants the camera to the app', async () => {
    const ses = setup()
    await expect(ses.request('media', { mediaTypes: ['video'], isMainFrame: true, requestingUrl: app })).resolves.toBe(true)
  })

  it.each([
    ['microphone', 'media', { mediaTypes: ['audio'], requestingUrl: app }],
    ['empty media types', 'media', { mediaTypes: [], requestingUrl: app }],
    ['screen capture', 'display-capture', { mediaTypes: ['video'], requestingUrl: app }],
    ['foreign page', 'media', { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' }],
    ['notifications', 'notifications', { requestingUrl: app }],
    ['geolocation', 'geolocation', { requestingUrl: app }],
    ['openExternal', 'openExternal', { requestingUrl: app, externalURL: 'file:///C:/x.exe' }],
    ['clipboard', 'clipboard-read', { requestingUrl: app }],
  ])('denies %s', async (_label, permission, details) => {
    const ses = setup()
    await expect(ses.request(permission, details)).resolves.toBe(false)
  })

  it('answers permission checks for the camera only', () => {
    const ses = setup()
    expect(ses.check('media', 'app://bench', { mediaType: 'video', isMainFrame: true })).toBe(true)
    expect(ses.check('media', 'app://bench', { mediaType: 'audio', isMainFrame: true })).toBe(false)
    expect(ses.check('media', 'https://evil.example', { mediaType: 'video', isMainFrame: true })).toBe(false)
    expect(ses.check('clipboard-read', 'app://bench', { isMainFrame: true })).toBe(false)
  })
})
