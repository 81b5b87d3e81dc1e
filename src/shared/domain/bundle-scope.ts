/**
 * How a diagnostics bundle's scope is named to a person: a device's or an attempt's scope by that
 * device's serial number (or its pseudonym, when serials are redacted), however it was asked for — the
 * device card asks by id, a GUID nobody reads; a job by its name; any other scope by its id. The export
 * names its file with it and the review shows it, so bundles exported before the file name used the
 * serial read by serial too.
 */
export function bundleScopeLabel(scope: { kind: string; id: string | null; name?: string | null }, serials: readonly unknown[]): string | null {
  if (scope.kind === 'job' && scope.name) return scope.name
  const serial = (scope.kind === 'device' || scope.kind === 'attempt') && serials.length === 1 ? serials[0] : undefined
  return typeof serial === 'string' && serial !== '' ? serial : scope.id
}
