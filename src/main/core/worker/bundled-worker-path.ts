import { dirname, extname, join } from 'node:path'

/**
 * Where a build puts one of the app's other worker bundles: beside the database worker's, with its
 * extension (`.js` in out/main, `.cjs` in out/web and in the test and bench bundles).
 */
export const bundledWorkerPath = (dbWorkerPath: string, name: string): string => join(dirname(dbWorkerPath), `${name}${extname(dbWorkerPath)}`)
