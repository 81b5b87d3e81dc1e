import { strToU8, unzipSync, zipSync } from 'fflate'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { openArchive } from '@core/diagnostics/open-archive'
import { ArchiveError } from '@core/diagnostics/safe-unzip'
import { archiveReviewSchema } from '@shared/diagnostics-schemas'
import { useTempDirs } from '@support/temp-dir'
import { setupBench } from '@support/bundle-fixture'

/** Whatever a bundle has been turned into, opening it either answers inside the contract or refuses with an ArchiveError. */
describe('opening damaged bundles (fuzz)', () => {
  const tempDir = useTempDirs()

  it('never crashes and never answers outside the contract', () => {
    const { db, options } = setupBench(tempDir())
    const zip = exportBundle(db, { ...options, scope: { kind: 'job', id: 'J1' }, redact: { serials: false, users: false } }).zip
    const files = unzipSync(zip)
    const names = Object.keys(files)
    const junk = fc.oneof(
      fc.string(),
      fc.json(),
      fc.constant('[{"state":{"timeline":"x"},"events":7}]'),
      fc.constant('[{"state":{"timeline":[null,1,"x"],"outcome":5},"events":[null,{"event":null}]},{"events":[null,2]}]'),
      fc.constant('{"level":1}\nnot json\n'),
    )
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...names), junk), { maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(zip.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        (replacements, flips) => {
          const changed = { ...files }
          for (const [name, text] of replacements) changed[name] = strToU8(text)
          const bytes = zipSync(changed)
          for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value
          try {
            const review = openArchive(bytes, 'fuzz.zip')
            expect(archiveReviewSchema.safeParse(review).success).toBe(true)
          } catch (error) {
            expect(error).toBeInstanceOf(ArchiveError)
          }
        },
      ),
      { numRuns: 200 },
    )
  }, 120_000)
})
