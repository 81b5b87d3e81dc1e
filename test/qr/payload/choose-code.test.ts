import { describe, expect, it } from 'vitest'
import { chooseCode, classifyCode, frameVerdict, unreadableCodes } from '@qr/payload/choose-code'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'

const deviceA = buildWindowsQrPayload({ id: '0f3b8a52-2b7e-4d61-9a1e-5c2f0e7d9b14', ztdId: 'e13be37b-1913-4983-9bc4-0d6ccfe0153b', serialNumber: 'PF3ABCDE' })
const deviceA2 = buildWindowsQrPayload({ id: '7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d', ztdId: 'e13be37b-1913-4983-9bc4-0d6ccfe0153b', serialNumber: 'PF3ABCDE' })
const deviceB = buildWindowsQrPayload({ id: '1e2d3c4b-5a69-4788-9a6b-5c4d3e2f1a0b', ztdId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', serialNumber: '5CG1234XYZ' })
const wifi = 'WIFI:T:WPA;S:Bench-5G;P:correcthorse;;'
const url = 'https://support.contoso.com/asset/A1B2C3'
const qr = (text: string) => ({ text, format: 'QRCode' })

describe('chooseCode: which code in a frame the app acts on', () => {
  it('classifies codes with the payload parser: Autopilot payloads and serials act, Wi-Fi and URLs do not', () => {
    expect(classifyCode(deviceA, 'QRCode')).toMatchObject({
      autopilot: true,
      kind: 'device',
      serialNumber: 'PF3ABCDE',
      ztdId: 'e13be37b-1913-4983-9bc4-0d6ccfe0153b',
    })
    expect(classifyCode('PF3ABCDE', 'Code128')).toMatchObject({ autopilot: true, kind: 'serial', serialNumber: 'PF3ABCDE' })
    expect(classifyCode(wifi, 'QRCode')).toMatchObject({ autopilot: false, kind: 'wifi' })
    expect(classifyCode(url, 'QRCode')).toMatchObject({ autopilot: false, kind: 'url' })
  })

  it('acts on the device code and lists a sticker beside it as ignored, whichever was read first', () => {
    for (const symbols of [
      [qr(wifi), qr(deviceA)],
      [qr(deviceA), qr(url)],
    ]) {
      const frame = chooseCode(symbols)
      expect(frame.choice).toEqual({ status: 'one', index: symbols.findIndex((s) => s.text === deviceA) })
      expect(frameVerdict(frame)).toEqual({ text: deviceA, format: 'QRCode', others: [symbols.find((s) => s.text !== deviceA)!.text] })
    }
  })

  it('never guesses between two devices: text null, both payloads as candidates', () => {
    const frame = chooseCode([qr(deviceA), qr(wifi), qr(deviceB)])
    expect(frame.choice).toEqual({ status: 'ambiguous', indices: [0, 2] })
    expect(frameVerdict(frame)).toEqual({ text: null, format: null, others: [wifi], candidates: [deviceA, deviceB] })
  })

  it('two renders of one device, or its box-label serial beside its QR, are one device', () => {
    expect(chooseCode([qr(deviceA), qr(deviceA2)]).choice).toEqual({ status: 'one', index: 0 })
    const withLabel = chooseCode([{ text: 'PF3ABCDE', format: 'Code128' }, qr(deviceA)])
    expect(frameVerdict(withLabel)).toEqual({ text: deviceA, format: 'QRCode', others: ['PF3ABCDE'] })
    // Another device's serial label beside the QR is a second device.
    expect(chooseCode([qr(deviceA), { text: '5CG1234XYZ', format: 'Code39' }]).choice.status).toBe('ambiguous')
  })

  it('one device read beside a code that could not be read: asks (text null, the one candidate), never acts', () => {
    const frame = chooseCode([qr(deviceA), qr(wifi)], 1)
    expect(frame.choice).toEqual({ status: 'ambiguous', indices: [0], unreadable: 1 })
    expect(frameVerdict(frame)).toEqual({ text: null, format: null, others: [wifi], candidates: [deviceA] })
    // Nothing to act on anyway: an unreadable code beside a sticker changes nothing.
    expect(chooseCode([qr(wifi)], 2).choice).toEqual({ status: 'none' })
    expect(unreadableCodes({ unread: [], partial: [] })).toBe(0)
    expect(
      unreadableCodes({
        unread: [1],
        partial: [
          { x: 1, y: 2 },
          { x: 3, y: 4 },
        ],
      }),
    ).toBe(2)
  })

  it('no Autopilot code: text null, everything in others; nothing read: empty', () => {
    expect(frameVerdict(chooseCode([qr(wifi)]))).toEqual({ text: null, format: null, others: [wifi] })
    expect(frameVerdict(chooseCode([]))).toEqual({ text: null, format: null, others: [] })
  })
})
