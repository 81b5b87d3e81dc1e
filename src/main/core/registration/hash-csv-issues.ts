import { REQUIRED_HEADER } from './hash-csv-columns'

/**
 * What the check says for each refusal: the problem and the fix, in the technician's words
 * (docs/registration.md lists the codes; the rules are docs/reference/autopilot.md §5.2–§5.4).
 */
export type ErrorCode =
  | 'file-not-found'
  | 'not-text'
  | 'excel-workbook'
  | 'spreadsheet'
  | 'cab-not-supported'
  | 'archive-unreadable'
  | 'no-hash-csv-in-archive'
  | 'too-large'
  | 'empty-file'
  | 'header-invalid'
  | 'line-too-long'
  | 'binary-data'
  | 'unclosed-quote'
  | 'extra-values'
  | 'quote-in-value'
  | 'value-has-comma'
  | 'missing-serial'
  | 'serial-excel-number'
  | 'serial-characters'
  | 'serial-too-long'
  | 'product-id-excel-number'
  | 'missing-hash'
  | 'hash-too-long'
  | 'hash-not-base64'
  | 'upn-invalid'
  | 'upn-domain-unknown'
  | 'upn-not-found'
  | 'duplicate-serial'
  | 'duplicate-hash'
  | 'already-registered'

/** Errors that mean the file could not be read at all (exit 2 in the CLI): nothing of it is uploaded. */
export const UNREADABLE: ReadonlySet<ErrorCode> = new Set([
  'file-not-found',
  'not-text',
  'excel-workbook',
  'spreadsheet',
  'cab-not-supported',
  'archive-unreadable',
  'no-hash-csv-in-archive',
  'too-large',
])

export type RepairCode =
  | 'bom-removed'
  | 'utf16-converted'
  | 'type-line-skipped'
  | 'header-renamed'
  | 'header-repeated'
  | 'delimiter-converted'
  | 'quotes-removed'
  | 'whitespace-trimmed'
  | 'invisible-removed'
  | 'hash-whitespace-removed'
  | 'hash-padded'

export type WarningCode =
  | 'unknown-column'
  | 'no-product-id-column'
  | 'no-rows'
  | 'over-500-rows'
  | 'placeholder-serial'
  | 'mixed-encoding'
  | 'not-ansi'
  | 'archive-entry-skipped'
  | 'user-not-checked'
  | 'tag-no-profile'

const reexport = 'Capture the hash again with Get-WindowsAutopilotInfo -OutputFile (or the OOBE diagnostics page export) and check the new file.'
const notepad = 'Edit the file in Notepad, not Excel.'

export function explainError(code: ErrorCode, detail: Record<string, string | number> = {}): { message: string; fix: string } {
  const d = (key: string) => String(detail[key] ?? '')
  switch (code) {
    case 'file-not-found':
      return { message: `The file cannot be opened: ${d('reason')}.`, fix: 'Check the path and that the file is not open in another program.' }
    case 'not-text':
      return {
        message: `This is not a CSV text file: it holds binary data${d('from') ? ` from line ${d('from')}` : ''}.`,
        fix: `Drop the hash CSV itself (Get-WindowsAutopilotInfo output or the DeviceHash CSV of a diagnostics export). ${reexport}`,
      }
    case 'excel-workbook':
      return {
        message: 'This is an Excel workbook saved under a .csv name, not a CSV text file.',
        fix: 'Use the original CSV the capture tool wrote. Excel also turns long serials into numbers (1.23457E+11), so avoid re-saving hash files from Excel.',
      }
    case 'spreadsheet':
      return { message: 'This is a spreadsheet document (OpenDocument), not a CSV text file.', fix: 'Use the original CSV the capture tool wrote.' }
    case 'cab-not-supported':
      return {
        message: 'This is a Microsoft Cabinet (.cab) file; the app does not unpack CABs.',
        fix: 'Open the CAB in Windows Explorer (or run expand.exe FILE.cab -F:* C:\\temp\\diag) and drop the hash CSV from it, or export the diagnostics as a ZIP.',
      }
    case 'archive-unreadable':
      return { message: `The ZIP cannot be read: ${d('reason')}`, fix: 'Export the diagnostics again, or unzip it and drop the hash CSV.' }
    case 'no-hash-csv-in-archive':
      return {
        message: 'The ZIP holds no hardware-hash CSV (no .csv file with a Device Serial Number and a Hardware Hash column).',
        fix: 'Export again with the hardware hash included (OOBE diagnostics page → Export, or Settings › Accounts › Access work or school › Export your management log files).',
      }
    case 'too-large':
      return { message: `The archive is larger than ${d('limit')}; it was not opened.`, fix: 'Unzip it and drop the hash CSV itself.' }
    case 'empty-file':
      return { message: 'The file is empty.', fix: `A hash CSV starts with the header line ${REQUIRED_HEADER}. ${reexport}` }
    case 'header-invalid':
      return {
        message: `The first line is not Intune's header: ${d('missing')} missing (found: ${d('found') || 'nothing'}).`,
        fix: `Make the first line exactly ${REQUIRED_HEADER} (add ,Group Tag and ,Assigned User only when those columns are used). ${notepad}`,
      }
    case 'line-too-long':
      return { message: `The line is longer than ${d('limit')} characters; it is not a device row.`, fix: `Remove the line. ${reexport}` }
    case 'binary-data':
      return {
        message: 'The line holds NUL or other control characters (binary data, or a UTF-16 file pasted into this one).',
        fix: `Remove the line or capture this device again. ${notepad}`,
      }
    case 'unclosed-quote':
      return { message: 'A quote (") opens a value and is never closed on this line.', fix: `Remove the quotes: Intune's CSV has no quotes. ${notepad}` }
    case 'extra-values':
      return {
        message: `The line has ${d('found')} values but the header names ${d('expected')} columns — a comma inside a value, or a missing header column.`,
        fix: `Remove the comma from the value (values may not contain commas), or add the column to the header. ${notepad}`,
      }
    case 'quote-in-value':
      return { message: `The ${d('column')} contains a quote (").`, fix: `Remove the quote: Intune's CSV has no quotes. ${notepad}` }
    case 'value-has-comma':
      return {
        message: `The ${d('column')} "${d('value')}" contains a comma; Intune's CSV does not allow commas inside values.`,
        fix: 'Remove or replace the comma (for example with a dash).',
      }
    case 'missing-serial':
      return { message: 'The device serial number is empty.', fix: `Fill in the serial number, or remove the line. ${reexport}` }
    case 'serial-excel-number':
      return {
        message: `The serial number "${d('value')}" is a number Excel rounded (scientific notation); the real serial is lost.`,
        fix: `Take the serial from the original capture file or the device label. ${notepad}`,
      }
    case 'serial-characters':
      return {
        message: `The serial number "${d('value')}" contains characters a serial number never has (${d('chars')}).`,
        fix: `Copy the serial from the capture file or the device label. ${notepad}`,
      }
    case 'serial-too-long':
      return {
        message: `The serial number is ${d('length')} characters long; no serial number is that long.`,
        fix: 'Check the columns: the serial and the hash may be swapped.',
      }
    case 'product-id-excel-number':
      return {
        message: `The Windows Product ID "${d('value')}" is a number Excel rounded (scientific notation).`,
        fix: 'Leave the Windows Product ID empty (it is optional when you upload yourself) or copy it from the capture file.',
      }
    case 'missing-hash':
      return { message: 'The hardware hash is empty.', fix: reexport }
    case 'hash-too-long':
      return {
        message: `The hardware hash is ${d('length')} characters long, far more than a hardware hash (a few thousand).`,
        fix: `Check the columns, or ${reexport.charAt(0).toLowerCase()}${reexport.slice(1)}`,
      }
    case 'hash-not-base64':
      return {
        message: `The hardware hash is not Base64 even after padding (${d('reason')}).`,
        fix: `The hash was damaged (copied from a screen, truncated or edited). ${reexport}`,
      }
    case 'upn-invalid':
      return {
        message: `The assigned user "${d('value')}" is not a user principal name (name@domain).`,
        fix: 'Correct the user (for example anna@contoso.com) or leave Assigned User empty. An invalid assignment can make the device inaccessible until it is removed.',
      }
    case 'upn-domain-unknown':
      return {
        message: `The assigned user's domain "${d('domain')}" is not a domain of this tenant (${d('domains')}).`,
        fix: "Use the user principal name in one of the tenant's domains, or leave Assigned User empty. Intune refuses users of other domains.",
      }
    case 'upn-not-found':
      return {
        message: `The assigned user "${d('value')}" does not exist in this tenant.`,
        fix: 'Check the spelling or create the user first, or leave Assigned User empty: an assignment to a user who does not exist can leave the device inaccessible until it is removed.',
      }
    case 'duplicate-serial':
      return {
        message: `Serial number ${d('value')} is also on ${d('first')}; only that row is uploaded.`,
        fix: 'Remove the duplicate line (Intune reports duplicates as 819 ZtdDeviceDuplicated).',
      }
    case 'duplicate-hash':
      return {
        message: `This hardware hash is also on ${d('first')}; only that row is uploaded.`,
        fix: 'Remove the duplicate line (Intune reports duplicates as 819 ZtdDeviceDuplicated). If the serials differ, one of them was captured on the wrong device.',
      }
    case 'already-registered':
      // Uploaded from this PC by an upload not ended: the device is not in the cache yet, but Intune has it (or may).
      if (d('upload') !== '')
        return {
          message:
            d('registered') === 'yes'
              ? `Serial number ${d('value')} was uploaded from this PC at ${d('at')} (${d('upload')}) and Intune registered it; it is not in the device list yet.`
              : `Serial number ${d('value')} is in an upload from this PC that has not ended (${d('upload')}).`,
          fix:
            d('registered') === 'yes'
              ? 'Leave it out (importing it again ends in 806 ZtdDeviceAlreadyAssigned). Follow that upload below until its devices appear.'
              : 'Leave it out: that upload sends it (importing it twice ends in 806 ZtdDeviceAlreadyAssigned). Follow that upload below; if it failed, retry or discard it there.',
        }
      return {
        message: `Serial number ${d('value')} is already registered as an Autopilot device in this tenant.`,
        fix: 'Leave it out (importing it again ends in 806 ZtdDeviceAlreadyAssigned). To register it again after a board swap, deregister it first (Recycle › After a board swap).',
      }
  }
}

export function explainWarning(code: WarningCode, detail: Record<string, string | number> = {}): string {
  const d = (key: string) => String(detail[key] ?? '')
  switch (code) {
    case 'unknown-column':
      return `Column "${d('name')}" is not part of Intune's CSV; it is ignored and left out of the clean export.`
    case 'no-product-id-column':
      return 'There is no Windows Product ID column. The app uploads without it; the clean export adds the empty column Intune expects.'
    case 'no-rows':
      return 'The file has a header but no device rows.'
    case 'over-500-rows':
      return `${d('rows')} rows: Intune's own upload takes at most 500 per file. The app uploads in batches of 500; the clean export writes files of at most 500 rows.`
    case 'placeholder-serial':
      return `The serial number "${d('value')}" is a firmware placeholder, not a real serial; the device will be hard to find by serial. (Not documented as refused.)`
    case 'mixed-encoding':
      return 'This file mixes encodings (UTF-8 and ANSI lines, e.g. two files pasted together). Each line was read in its own encoding; check names with accents.'
    case 'not-ansi':
      return `The ${d('column')} "${d('value')}" has characters outside ANSI (Windows-1252): the app can upload it, but the clean export for Intune's own upload cannot carry it.`
    case 'archive-entry-skipped':
      return `${d('name')} in the ZIP is not a hardware-hash CSV; it was skipped.`
    case 'user-not-checked':
      return `The assigned user "${d('value')}" could not be checked: the user is not in this app's cache and the tenant cannot be asked offline.`
    // The chain is the device card's and the job form's explanation (group-tag-outcome.ts); Intune accepts a tag no profile
    // targets yet, so this is a warning: the device registers as Not assigned and gets a profile once one targets the tag.
    case 'tag-no-profile':
      return `Group tag '${d('tag')}' leads to no deployment profile (${d('chain')}). The device will register as Not assigned, with no profile to wait for, until a profile's group takes this tag.${d('certain') === 'no' ? ' Not certain: some group memberships could not be told from the cached groups.' : ''}`
  }
}
