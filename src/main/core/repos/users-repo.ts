import type Database from 'better-sqlite3'
import type { UserSummary } from '@shared/user-schemas'

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Users met so far (from online searches): the picker answers from here first, offline too. */
export function createUsersRepo(db: Database.Database) {
  const upsert = db.prepare(`INSERT INTO users (id, user_principal_name, display_name, mail, licensed, fetched_at)
    VALUES (@id, @userPrincipalName, @displayName, @mail, @licensed, @fetchedAt)
    ON CONFLICT (id) DO UPDATE SET user_principal_name = excluded.user_principal_name, display_name = excluded.display_name,
      mail = excluded.mail, licensed = excluded.licensed, fetched_at = excluded.fetched_at`)
  const byUpn = db.prepare('SELECT licensed, fetched_at AS fetchedAt FROM users WHERE user_principal_name = ? COLLATE NOCASE LIMIT 1')
  const nameByUpn = db.prepare("SELECT display_name AS displayName FROM users WHERE user_principal_name = ? COLLATE NOCASE AND display_name <> '' LIMIT 1")
  return {
    /** The cached user's display name (case-insensitive UPN); null when never met or nameless. */
    displayNameOf(upn: string): string | null {
      return (nameByUpn.get(upn) as { displayName: string } | undefined)?.displayName ?? null
    },
    /** The cached user with this UPN (case-insensitive): licence and when it was read; null when never met. */
    findByUpn(upn: string): { licensed: boolean | null; fetchedAt: string } | null {
      const row = byUpn.get(upn) as { licensed: number | null; fetchedAt: string } | undefined
      return row ? { licensed: row.licensed === null ? null : row.licensed === 1, fetchedAt: row.fetchedAt } : null
    },
    /** Prefix match on UPN or display name, case-insensitive (both columns have NOCASE indexes). */
    search(query: string, limit: number): UserSummary[] {
      const rows = db
        .prepare(
          `SELECT id, user_principal_name AS userPrincipalName, display_name AS displayName, mail, licensed FROM users
        WHERE user_principal_name LIKE @p ESCAPE '\\' OR display_name LIKE @p ESCAPE '\\'
        ORDER BY display_name COLLATE NOCASE, user_principal_name COLLATE NOCASE LIMIT @limit`,
        )
        .all({ p: likePrefix(query), limit }) as Array<UserSummary & { licensed: number | null }>
      return rows.map((row) => ({ ...row, licensed: row.licensed === null ? null : row.licensed === 1 }))
    },
    save: db.transaction((users: UserSummary[], fetchedAt: string) => {
      for (const user of users) upsert.run({ ...user, licensed: user.licensed === null ? null : user.licensed ? 1 : 0, fetchedAt })
    }),
  }
}
