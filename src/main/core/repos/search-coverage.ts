import type Database from 'better-sqlite3'

/**
 * Caches whose text search is behind their rows. A first load that SQLite bounds builds the trigram
 * index once, after its last page (sync/bulk-writer.ts): until that build ends, a text search cannot
 * find the rows it brought, and the list must say so rather than "no devices match". Kept per
 * connection in the database worker's memory: after a crash part-way, the start-up repair builds the
 * index before the list is served (repairDeviceCache), so nothing needs to survive a restart. A build
 * that failed without a crash (a full disk) is finished by the next sync (the bulk writer's finish).
 */
const behind = new WeakSet<Database.Database>()

export function markSearchBehind(db: Database.Database, isBehind: boolean): void {
  if (isBehind) behind.add(db)
  else behind.delete(db)
}

export const isSearchBehind = (db: Database.Database): boolean => behind.has(db)
