/**
 * The columns of Intune's hardware-hash CSV (docs/reference/autopilot.md §5.2):
 * `Device Serial Number,Windows Product ID,Hardware Hash` and, optionally, `Group Tag` and `Assigned User`.
 * Intune's own upload wants the header exactly so (case-sensitive). People and tools write variants:
 * other case, no spaces, older names (Order ID before Group Tag), the Graph property names. Those are
 * read and reported as repaired; the clean export writes the exact names.
 */
export type HashColumn = 'serialNumber' | 'productKey' | 'hardwareHash' | 'groupTag' | 'assignedUser'

export const EXACT_HEADERS: Record<HashColumn, string> = {
  serialNumber: 'Device Serial Number',
  productKey: 'Windows Product ID',
  hardwareHash: 'Hardware Hash',
  groupTag: 'Group Tag',
  assignedUser: 'Assigned User',
}

export const REQUIRED_HEADER = `${EXACT_HEADERS.serialNumber},${EXACT_HEADERS.productKey},${EXACT_HEADERS.hardwareHash}`

/** Header spellings, compared lower-case with spaces, dashes and underscores removed. */
const ALIASES: Record<string, HashColumn> = {
  deviceserialnumber: 'serialNumber',
  serialnumber: 'serialNumber',
  serial: 'serialNumber',
  windowsproductid: 'productKey',
  productid: 'productKey',
  productkey: 'productKey',
  windowsproductkey: 'productKey',
  pkid: 'productKey',
  hardwarehash: 'hardwareHash',
  hardwareidentifier: 'hardwareHash',
  devicehash: 'hardwareHash',
  hash: 'hardwareHash',
  grouptag: 'groupTag',
  orderid: 'groupTag',
  orderidentifier: 'groupTag',
  assigneduser: 'assignedUser',
  assigneduserprincipalname: 'assignedUser',
  userprincipalname: 'assignedUser',
  upn: 'assignedUser',
}

export interface HeaderMap {
  columns: Partial<Record<HashColumn, number>>
  /** Header cells that are not one of Intune's columns (by index): read past, left out of the export. */
  unknown: Array<{ index: number; name: string }>
  /** Some recognised cell was not spelled exactly as Intune wants it. */
  renamed: boolean
}

export function mapHeader(cells: readonly string[]): HeaderMap {
  const columns: HeaderMap['columns'] = {}
  const unknown: HeaderMap['unknown'] = []
  let renamed = false
  cells.forEach((cell, index) => {
    const column = ALIASES[cell.toLowerCase().replace(/[\s_-]+/g, '')]
    if (column === undefined || columns[column] !== undefined) {
      if (cell !== '') unknown.push({ index, name: cell })
      return
    }
    columns[column] = index
    if (cell !== EXACT_HEADERS[column]) renamed = true
  })
  return { columns, unknown, renamed }
}
