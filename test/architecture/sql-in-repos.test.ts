import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * Every SQL statement of the app lives in src/main/core/repos/; the SQLite plumbing in
 * src/main/core/db/ (open and pragmas, migrations, integrity checks at and after start, recovery) is the one exception.
 * Feature code (card, bench, diagnostics, sync, outbox, intune, the worker's methods…) calls repo
 * functions only. This scans the rest of src/main/core for SQL and names each find as file:line.
 */
const root = join(import.meta.dirname, '..', '..')
const core = join(root, 'src', 'main', 'core')
const repos = join(core, 'repos')
/** The plumbing files of db/ (the worker's methods there are feature code and are scanned). */
const plumbing = new Set(
  ['open-database.ts', 'pragmas.ts', 'migrations.ts', 'recover-database.ts', 'data-dir-lock.ts', 'cache-check.ts'].map((name) => join(core, 'db', name)),
)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return path === repos ? [] : sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !plumbing.has(path) ? [path] : []
  })
}

// Upper-case keywords, as this code base writes SQL; prose ("Select a device from…") stays out.
const sqlStatement = new RegExp(
  [
    String.raw`\bSELECT\s+(?:DISTINCT\s+)?[\w*(@?:$]`,
    String.raw`\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b`,
    String.raw`\bREPLACE\s+INTO\b`,
    String.raw`\bUPDATE\s+[\w.]+\s+SET\b`,
    String.raw`\bDELETE\s+FROM\b`,
    String.raw`\b(?:CREATE|DROP)\s+(?:TEMP(?:ORARY)?\s+|UNIQUE\s+|VIRTUAL\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)\b`,
    String.raw`\bALTER\s+TABLE\b`,
    String.raw`\bPRAGMA\s+\w`,
    String.raw`\bVACUUM\b`,
    String.raw`\bFROM\s+[\w.]+\s+(?:WHERE|ORDER\s+BY|GROUP\s+BY|LIMIT|JOIN|LEFT\s+JOIN)\b`,
    String.raw`\bWHERE\s+[\w.]+\s*(?:=|<>|>=?|<=?|IN\b|IS\b|LIKE\b|MATCH\b)`,
  ].join('|'),
)
const transactionControl =
  /^\s*(?:BEGIN(?:\s+(?:DEFERRED|IMMEDIATE|EXCLUSIVE))?(?:\s+TRANSACTION)?|COMMIT|END(?:\s+TRANSACTION)?|ROLLBACK|SAVEPOINT\s+\w+|RELEASE\s+\w+)\s*;?\s*$/
/** better-sqlite3 methods that take SQL (exec also exists on RegExp, so it is judged by its receiver or argument). */
const sqlMethods = new Set(['prepare', 'pragma'])
const databaseReceiver = /(?:^|\.)(?:db|database|sqlite|connection)$/i

const literalText = (node: ts.Node): string | null => {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  // Each `${…}` counts as one word, so `SELECT ${columns} FROM devices` still reads as SQL.
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => `x${span.literal.text}`).join('')
  return null
}
const isSql = (text: string) => sqlStatement.test(text) || transactionControl.test(text)

/** SQL found in one file: database calls taking SQL, and string or template literals that are SQL. */
export function findSql(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const found = new Map<number, string>()
  const report = (node: ts.Node, what: string) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1
    if (!found.has(line)) found.set(line, `${fileName}:${line}: ${what}`)
  }
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text
      const receiver = node.expression.expression.getText(file)
      const first = node.arguments[0]
      const firstText = first ? literalText(first) : null
      if (sqlMethods.has(method)) report(node, `${receiver}.${method}(…) call`)
      else if (method === 'exec' && (databaseReceiver.test(receiver) || (firstText !== null && isSql(firstText)))) report(node, `${receiver}.exec(…) call`)
    }
    const literal = literalText(node)
    if (literal !== null && isSql(literal)) report(node, `SQL text ${JSON.stringify(literal.trim().slice(0, 60))}`)
    ts.forEachChild(node, visit)
  }
  visit(file)
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, message]) => message)
}

const display = (path: string) => relative(root, path).split(sep).join('/')

describe('SQL lives in src/main/core/repos', () => {
  const files = sourceFiles(core)

  it('no file of src/main/core outside repos/ and the db/ plumbing holds SQL', () => {
    // A wrong path would find nothing and pass: the core has far more files than this.
    expect(files.length).toBeGreaterThan(50)
    const findings = files.flatMap((path) => findSql(display(path), readFileSync(path, 'utf8')))
    expect(findings, `SQL outside src/main/core/repos/ — move it into a repo function:\n${findings.join('\n')}`).toEqual([])
  })

  it('the scan recognises the SQL the repos hold', () => {
    for (const repo of ['devices-repo.ts', 'devices-bulk-repo.ts', 'profiles-repo.ts', 'diagnostics-repo.ts']) {
      const path = join(core, 'repos', repo)
      expect(findSql(display(path), readFileSync(path, 'utf8')).length, repo).toBeGreaterThan(1)
    }
  })

  it('names file:line for SQL calls and SQL literals, and leaves RegExp.exec and prose alone', () => {
    const source = [
      "const a = db.prepare('SELECT value FROM tenant_settings WHERE key = ?').get(key)",
      'const b = `SELECT ${columns} FROM devices`',
      "ctx.db.exec('BEGIN IMMEDIATE')",
      "const c = 'DELETE FROM profiles'",
      'const d = /x/.exec(text)',
      "const e = 'Select a device from the list, then update the job.'",
      "db.pragma('optimize')",
      "const f = { method: 'DELETE' }",
      "const g = 'COMMIT'",
    ].join('\n')
    expect(findSql('feature.ts', source)).toEqual([
      'feature.ts:1: db.prepare(…) call',
      'feature.ts:2: SQL text "SELECT x FROM devices"',
      'feature.ts:3: ctx.db.exec(…) call',
      'feature.ts:4: SQL text "DELETE FROM profiles"',
      'feature.ts:7: db.pragma(…) call',
      'feature.ts:9: SQL text "COMMIT"',
    ])
  })
})
