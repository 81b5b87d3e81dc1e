/**
 * The pre-provisioning QR payload exactly as Windows builds it (docs/reference/graph-api.md §A1.4,
 * `AutoPilotStateUtils::BuildDeviceIdentifierJsonBlob`): a `Windows.Data.Json.JsonObject` with, in
 * order, Version "1.0.0", a fresh random Id per render, the ZtdId (= the Autopilot device id), an
 * always-empty PKID, the serial number and SequenceBlockNumber/TotalBlocks hard-coded to 1/1,
 * stringified without whitespace. No tenant, hash, user or profile is in it.
 */
export interface WindowsQrFields {
  ztdId: string
  serialNumber: string
  /** Random per render on Windows; pass one for reproducible output. */
  id: string
}

export function buildWindowsQrPayload(fields: WindowsQrFields): string {
  return JSON.stringify({
    Version: '1.0.0',
    Id: fields.id,
    ZtdId: fields.ztdId,
    PKID: '',
    SerialNumber: fields.serialNumber,
    SequenceBlockNumber: 1,
    TotalBlocks: 1,
  })
}

/**
 * The pre-release format seen from December 2018 to January 2019 (the official sample did
 * `Substring(14)` on it): a `Data to encode` prefix and the fields under `BlockSequence`.
 */
export function buildLegacyQrPayload(fields: WindowsQrFields & { hardwareId?: string }): string {
  return (
    `Data to encode{ "BlockSequence": { "Id": "${fields.id}","ZtdId": "${fields.ztdId}","PKID": "",` +
    `"SerialNumber": "${fields.serialNumber}","HardwareId": "${fields.hardwareId ?? ''}","SequenceBlockNumber": 1,"TotalBlocks": 1 }}`
  )
}

/**
 * The error-correction level Windows uses is not documented; the app renders with `M` (the `qrcode`
 * package's default and what the reference measurements used).
 */
export const windowsQrErrorCorrection = 'M' as const
