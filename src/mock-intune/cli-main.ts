import { parseCliArgs, USAGE } from './cli-args'
import { randomToken } from './options'
import type { EntraOptions } from './entra/entra-options'
import type { MockIntuneOptions } from './options'
import { startMockIntune } from './server'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Resolves when the process is asked to stop. */
  waitForStop: () => Promise<string>
}

/** Resolves on the first SIGINT or SIGTERM, and removes its listeners. */
export function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  waitForStop: waitForSignal,
}

/**
 * The CLI's whole life: parse, start, print the URL line (the readiness signal scripts wait for),
 * serve until stopped, close. Returns the exit code; it never calls process.exit itself.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const command = parseCliArgs(argv)
  if (command.kind === 'help') {
    io.stdout(USAGE)
    return 0
  }
  if (command.kind === 'error') {
    io.stderr(`${command.message}\n\n${USAGE}`)
    return 2
  }
  // Listen for signals before announcing readiness, so a stop sent right after the URL line is not lost.
  const stopped = io.waitForStop()
  if (command.entra !== undefined) return runEntra(command.options, command.entra, io, stopped)
  // No fixed default token: without --token, one is made for this run and told on stderr (stdout keeps its one URL line).
  const generated = command.options.token === undefined ? randomToken() : undefined
  let mock
  try {
    mock = await startMockIntune(generated === undefined ? command.options : { ...command.options, token: generated })
  } catch (error) {
    io.stderr(`mock-intune could not start: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  if (generated !== undefined) io.stderr(`mock-intune: bearer token for this run (choose one with --token T): ${generated}\n`)
  io.stdout(`${mock.url}\n`)
  const signal = await stopped
  io.stderr(`mock-intune: ${signal} received, closing\n`)
  await mock.close()
  return 0
}

/** `--auth entra`: the contract lines on stdout (docs/mock-intune.md › Contract), then serve until stopped. */
async function runEntra(options: MockIntuneOptions, entra: EntraOptions, io: CliIo, stopped: Promise<string>): Promise<number> {
  let mock
  try {
    // Loaded only for --auth entra: the certificate library stays out of the bearer-token mode.
    const { startEntraMock } = await import('./entra/start-entra-mock')
    mock = await startEntraMock(options, entra)
  } catch (error) {
    io.stderr(`mock-intune could not start: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  if (options.token !== undefined) io.stderr("mock-intune: --token is ignored with --auth entra (Graph accepts only the identity provider's tokens)\n")
  io.stdout(`${mock.contractLines().join('\n')}\n`)
  const signal = await stopped
  io.stderr(`mock-intune: ${signal} received, closing\n`)
  await mock.close()
  return 0
}
