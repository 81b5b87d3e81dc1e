import { GraphError } from './graph-error'

type Json = Record<string, unknown>
type ListAll = (path: string) => Promise<Json[]>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null

/**
 * A collection with each item's assignments inline (`$expand=assignments`): one round trip instead of
 * one per item after it, on a distant Graph the difference between 2 and 4–5 dependent round trips
 * for the directory. The API pages are silent on `$expand` for these collections; public Intune tools
 * use it on both (docs/reference/graph-api.md §B18). Where Graph refuses it (400), the plain
 * collection is read and `assignmentsOf` reads each item's assignments after it, as before.
 */
export async function listExpandingAssignments(listAll: ListAll, path: string): Promise<Json[]> {
  try {
    return await listAll(`${path}?$expand=assignments`)
  } catch (error) {
    if (error instanceof GraphError && error.status === 400) return listAll(path)
    throw error
  }
}

/**
 * An item's assignments: the inline list when the item carries a whole one, else its own collection
 * (the expand was refused, or Graph paged the inline list with `assignments@odata.nextLink`).
 */
export function assignmentsOf(item: Json, listAll: ListAll, collectionPath: string): Promise<Json[]> {
  if (Array.isArray(item.assignments) && item['assignments@odata.nextLink'] === undefined) return Promise.resolve(item.assignments.filter(isObject))
  return listAll(`${collectionPath}/${encodeURIComponent(typeof item.id === 'string' ? item.id : '')}/assignments`)
}
