import { describe, expect, it } from 'vitest'
import { createTrustedSenderCheck } from '@core/ipc/trusted-sender'

const mainContents = { name: 'main' }
const otherContents = { name: 'other' }

describe('createTrustedSenderCheck', () => {
  const windows: unknown[] = [mainContents]
  const isTrusted = createTrustedSenderCheck(() => windows)

  it('trusts the app window showing the app origin', () => {
    expect(isTrusted({ sender: mainContents, senderFrame: { url: 'app://bench/index.html', parent: null } })).toBe(true)
  })

  it.each([
    ['unknown webContents', { sender: otherContents, senderFrame: { url: 'app://bench/' } }],
    ['no sender', { sender: undefined, senderFrame: { url: 'app://bench/' } }],
    ['foreign URL in our window', { sender: mainContents, senderFrame: { url: 'https://evil.example/' } }],
    ['look-alike origin', { sender: mainContents, senderFrame: { url: 'app://bench.evil/' } }],
    ['file URL', { sender: mainContents, senderFrame: { url: 'file:///C:/index.html' } }],
    ['disposed frame (null)', { sender: mainContents, senderFrame: null }],
    ['no frame', { sender: mainContents }],
    ['frame without URL', { sender: mainContents, senderFrame: {} }],
    ['sub frame', { sender: mainContents, senderFrame: { url: 'app://bench/', parent: { url: 'app://bench/' } } }],
  ])('refuses %s', (_label, event) => {
    expect(isTrusted(event)).toBe(false)
  })

  it('refuses when reading the frame throws (frame gone)', () => {
    const event = {
      sender: mainContents,
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      },
    }
    expect(isTrusted(event)).toBe(false)
  })

  it('reads the window list on every call', () => {
    const live: unknown[] = []
    const check = createTrustedSenderCheck(() => live)
    const event = { sender: mainContents, senderFrame: { url: 'app://bench/' } }
    expect(check(event)).toBe(false)
    live.push(mainContents)
    expect(check(event)).toBe(true)
    live.pop()
    expect(check(event)).toBe(false)
  })
})
