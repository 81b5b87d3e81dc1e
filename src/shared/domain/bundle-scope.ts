/**
 * How a diagnostics bundle's scope is named to a person: a single-device scope by that device's serial
 * number (or its pseudonym, when serials are redacted), however it was asked for — the device card
 * asks by id, a GUID nobody reads; any other scope by its id. The export names its file with it and the
 * review shows it, so bundles exported before the file name used the serial read by serial too.
 */
export function bundleScopeLabel(scope: { kind: string; id: string | null }, serials: readonly unknown[]): string | null {
  const serial = scope.kind === 'device' && serials.length === 1 ? serials[0] : undefined
  return typeof serial === 'string' && serial !== '' ? serial : scope.id
}
