/**
 * `npm run fuzz:evtx [-- INPUTS [SEED]]`: ≥ 100,000 inputs per fuzz target (default 100,000), one JSON
 * object on stdout with the counts and any failures. Exit 1 when an input failed.
 */
import { FUZZ_TARGETS, runFuzz } from './evtx-fuzz'

const inputs = Number(process.argv[2] ?? 100_000)
const seed = Number(process.argv[3] ?? 20260105)
const started = Date.now()
const reports = FUZZ_TARGETS.map((target) => runFuzz(target, inputs, seed))
const failed = reports.some((r) => r.failures.length > 0)
process.stdout.write(JSON.stringify({ seed, elapsedMs: Date.now() - started, totalInputs: reports.reduce((n, r) => n + r.inputs, 0), targets: reports }) + '\n')
process.exitCode = failed ? 1 : 0
