/**
 * Entry point: `npm run mock-intune -- --port 4321 --seed 7 --devices 100000`.
 * The logic lives in cli-main.ts so tests can drive it without spawning a process.
 */
import { runCli } from './cli-main'

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
    // Everything is closed by now; the timer only guards against a stray handle keeping us alive.
    setTimeout(() => process.exit(code), 3_000).unref()
  },
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
