import { describe, expect, it } from 'vitest'
import { isCameraCheck, isCameraRequest } from '@core/security/camera-permission'

const app = 'app://bench/index.html'

describe('isCameraRequest', () => {
  it('grants a camera request from the app top frame', () => {
    expect(isCameraRequest('media', { mediaTypes: ['video'], isMainFrame: true, requestingUrl: app }, app)).toBe(true)
    expect(isCameraRequest('media', { mediaTypes: ['video', 'video'] }, app)).toBe(true)
  })

  it.each([
    ['microphone', 'media', { mediaTypes: ['audio'] }, app],
    ['camera + microphone', 'media', { mediaTypes: ['video', 'audio'] }, app],
    ['empty mediaTypes (Windows)', 'media', { mediaTypes: [] }, app],
    ['missing mediaTypes', 'media', {}, app],
    ['mediaTypes not an array', 'media', { mediaTypes: 'video' }, app],
    ['unknown media type', 'media', { mediaTypes: ['screen'] }, app],
    ['screen capture (Electron 45)', 'display-capture', { mediaTypes: ['video'] }, app],
    ['geolocation', 'geolocation', { mediaTypes: ['video'] }, app],
    ['notifications', 'notifications', {}, app],
    ['openExternal', 'openExternal', {}, app],
    ['clipboard', 'clipboard-read', {}, app],
    ['hid', 'hid', {}, app],
    ['foreign origin', 'media', { mediaTypes: ['video'] }, 'https://evil.example/'],
    ['look-alike origin', 'media', { mediaTypes: ['video'] }, 'app://bench.evil/'],
    ['file origin', 'media', { mediaTypes: ['video'] }, 'file:///index.html'],
    ['no URL', 'media', { mediaTypes: ['video'] }, undefined],
    ['sub frame', 'media', { mediaTypes: ['video'], isMainFrame: false }, app],
  ])('denies %s', (_label, permission, details, url) => {
    expect(isCameraRequest(permission, details as never, url)).toBe(false)
  })

  it('denies without details', () => {
    expect(isCameraRequest('media', undefined, app)).toBe(false)
  })
})

describe('isCameraCheck', () => {
  it('allows a video check from the app origin', () => {
    expect(isCameraCheck('media', { mediaType: 'video', isMainFrame: true }, 'app://bench')).toBe(true)
    expect(isCameraCheck('media', { mediaType: 'video', requestingUrl: app }, 'app://bench')).toBe(true)
  })

  it.each([
    ['audio', 'media', { mediaType: 'audio' }, 'app://bench'],
    ['unknown', 'media', { mediaType: 'unknown' }, 'app://bench'],
    ['missing mediaType', 'media', {}, 'app://bench'],
    ['display-capture', 'display-capture', { mediaType: 'video' }, 'app://bench'],
    ['other permission', 'clipboard-read', { mediaType: 'video' }, 'app://bench'],
    ['foreign origin', 'media', { mediaType: 'video' }, 'https://evil.example'],
    ['foreign requestingUrl wins over origin', 'media', { mediaType: 'video', requestingUrl: 'https://evil.example/' }, 'app://bench'],
    ['sub frame', 'media', { mediaType: 'video', isMainFrame: false }, 'app://bench'],
    ['empty origin', 'media', { mediaType: 'video' }, ''],
  ])('denies %s', (_label, permission, details, origin) => {
    expect(isCameraCheck(permission, details, origin)).toBe(false)
  })
})
