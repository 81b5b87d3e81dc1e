import { z } from 'zod'

/**
 * Registration by hardware hash (docs/registration.md): the check of one or more hash CSVs before
 * anything is uploaded. `line` is the 1-based physical line of the file (the header is line 1 when
 * nothing precedes it). The same shape is printed by `npm run csv:check`.
 */
export const csvIssueSchema = z.object({ file: z.string(), line: z.number().int(), code: z.string(), message: z.string(), fix: z.string() })
export type CsvIssue = z.infer<typeof csvIssueSchema>

export const csvRepairSchema = z.object({ file: z.string(), line: z.number().int(), code: z.string() })
export type CsvRepair = z.infer<typeof csvRepairSchema>

export const csvWarningSchema = z.object({ file: z.string(), line: z.number().int(), code: z.string(), message: z.string() })
export type CsvWarning = z.infer<typeof csvWarningSchema>

/** A row the app would upload, its values already repaired. */
export const hashCsvRowSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  serialNumber: z.string(),
  productKey: z.string(),
  hardwareHash: z.string(),
  groupTag: z.string(),
  assignedUser: z.string(),
})
export type HashCsvRow = z.infer<typeof hashCsvRowSchema>

export const csvFileSummarySchema = z.object({
  file: z.string(),
  /** utf-8, utf-8 with BOM, utf-16le, utf-16be, ansi (Windows-1252), or '' when it was not text. */
  encoding: z.string(),
  rows: z.number().int(),
  valid: z.number().int(),
  /** False when the file could not be read at all (binary, a workbook, a CAB…): nothing of it is uploaded. */
  readable: z.boolean(),
})
export type CsvFileSummary = z.infer<typeof csvFileSummarySchema>

export const csvCheckReportSchema = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  errors: z.array(csvIssueSchema),
  repaired: z.array(csvRepairSchema),
  warnings: z.array(csvWarningSchema),
})
export type CsvCheckReport = z.infer<typeof csvCheckReportSchema>
