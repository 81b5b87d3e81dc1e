import { HashCsvChecker } from '../check-hash-csv'
import { fileSource } from '../byte-source'

/**
 * `npm run --silent csv:check -- FILE…`: checks hardware-hash CSVs (or diagnostics ZIPs holding one)
 * without uploading anything, and prints one JSON document:
 * `{"rows","valid","errors":[{file,line,code,message,fix}],"repaired":[{file,line,code}],"warnings":[{file,line,code,message}]}`.
 * Exit 0: every row can be uploaded. 1: some row cannot. 2: a file cannot be read at all (or usage).
 * The tenant's cache is not consulted here, so "already registered" and user existence are not checked.
 */
function main(args: string[]): number {
  const files = args.filter((arg) => arg !== '--')
  if (files.length === 0 || files.includes('--help')) {
    process.stderr.write('usage: npm run --silent csv:check -- FILE.csv [FILE…]\n')
    return 2
  }
  const checker = new HashCsvChecker()
  for (const file of files) {
    let source
    try {
      source = fileSource(file)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      checker.notFound(
        file,
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message,
      )
      continue
    }
    try {
      checker.check(source)
    } catch (error) {
      // A read error half-way (a removed USB stick): the file counts as unreadable, the others are still checked.
      checker.notFound(file, (error as Error).message)
    }
  }
  process.stdout.write(JSON.stringify(checker.report(), null, 2) + '\n')
  return checker.exitCode()
}

process.exitCode = main(process.argv.slice(2))
