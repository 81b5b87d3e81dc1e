import { describe, expect, it } from 'vitest'
import { FUZZ_TARGETS, runFuzz } from './evtx-fuzz'

// A bounded run of each target; `npm run fuzz:evtx` runs ≥ 100,000 inputs per target.
describe('EVTX fuzz (bounded)', () => {
  for (const target of FUZZ_TARGETS)
    it(`${target}: every mutated input is read or refused, never thrown`, () => {
      const report = runFuzz(target, 400, 20260105)
      expect(report.failures).toEqual([])
      expect(report.inputs).toBe(400)
      // The mutations must reach both outcomes, or the target tests nothing.
      expect(report.withEvents).toBeGreaterThan(0)
      expect(report.refusedOrDamaged).toBeGreaterThan(0)
    })
})
