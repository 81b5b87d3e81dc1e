import { useScanStore } from '../../stores/stores-context'
import { useDateFormatter } from '../../hooks/use-date-formatter'
import { benchStrings as text } from '../../strings/bench'

/**
 * The last scan read the QR of a registration that is gone and landed on this device, the serial's registration now
 * (`ScanLookup.replaced`, worked out once by the scan store for every screen). A scan from the Bench lands here, not
 * on the Scan screen, so the Bench says it for the selected row: a walk found the old QR landing on the new record
 * with nothing said, while the PC still showed the old registration's details.
 */
export function ScanReplacedNote({ deviceId }: { deviceId: string }) {
  const lookup = useScanStore((state) => state.lookup)
  const dates = useDateFormatter()
  const device = lookup?.status === 'found' && lookup.device?.id === deviceId ? lookup.device : null
  const replaced = device ? (lookup?.replaced ?? null) : null
  if (!device || !replaced) return null
  return (
    <p className="bench-note" role="note" data-testid="bench-scan-replaced">
      <span aria-hidden="true">⚠ </span>
      {text.scannedOldRegistration(device.serialNumber, replaced.ztdId, replaced.deletedAt ? dates.dateTime(replaced.deletedAt) : null)}
    </p>
  )
}
