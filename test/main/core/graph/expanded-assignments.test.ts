import { describe, expect, it } from 'vitest'
import { AppFailure } from '@core/app-error'
import { assignmentsOf, listExpandingAssignments } from '@core/graph/expanded-assignments'
import { GraphError } from '@core/graph/graph-error'

type Json = Record<string, unknown>
const profiles = '/deviceManagement/windowsAutopilotDeploymentProfiles'

/** A pager that answers from a table of paths and records what it was asked. */
function pager(answers: Record<string, Json[] | Error>) {
  const asked: string[] = []
  const listAll = async (path: string): Promise<Json[]> => {
    asked.push(path)
    const answer = answers[path]
    if (answer === undefined) throw new Error(`unexpected ${path}`)
    if (answer instanceof Error) throw answer
    return answer
  }
  return { asked, listAll }
}

const badRequest = () => new GraphError(400, 'BadRequest', 'r-1', null, "Could not find a property named 'assignments'")

describe('listExpandingAssignments', () => {
  it('asks for the collection with its assignments inline', async () => {
    const { asked, listAll } = pager({ [`${profiles}?$expand=assignments`]: [{ id: 'p1', assignments: [] }] })
    expect(await listExpandingAssignments(listAll, profiles)).toEqual([{ id: 'p1', assignments: [] }])
    expect(asked).toEqual([`${profiles}?$expand=assignments`])
  })

  it('reads the plain collection when Graph refuses the expand (400)', async () => {
    const { asked, listAll } = pager({ [`${profiles}?$expand=assignments`]: badRequest(), [profiles]: [{ id: 'p1' }] })
    expect(await listExpandingAssignments(listAll, profiles)).toEqual([{ id: 'p1' }])
    expect(asked).toEqual([`${profiles}?$expand=assignments`, profiles])
  })

  it('does not hide any other failure behind a second request', async () => {
    for (const failure of [
      new GraphError(403, 'Forbidden', null, null, ''),
      new GraphError(503, 'ServiceUnavailable', null, null, ''),
      new AppFailure('offline', 'Intune cannot be reached'),
    ]) {
      const { asked, listAll } = pager({ [`${profiles}?$expand=assignments`]: failure, [profiles]: [] })
      await expect(listExpandingAssignments(listAll, profiles)).rejects.toBe(failure)
      expect(asked).toHaveLength(1)
    }
  })
})

describe('assignmentsOf', () => {
  it('takes an inline list as it is, without a request', async () => {
    const { asked, listAll } = pager({})
    const item = { id: 'p1', assignments: [{ id: 'a1', target: { groupId: 'g1' } }, 'not an object', null] }
    expect(await assignmentsOf(item, listAll, profiles)).toEqual([{ id: 'a1', target: { groupId: 'g1' } }])
    expect(asked).toEqual([])
  })

  it('reads the item’s own collection when the list is missing or was paged', async () => {
    const { asked, listAll } = pager({
      [`${profiles}/p%2F1/assignments`]: [{ id: 'a1' }],
      [`${profiles}/p2/assignments`]: [{ id: 'a2' }, { id: 'a3' }],
    })
    // No inline list (the expand was refused); an id that needs escaping in a path.
    expect(await assignmentsOf({ id: 'p/1' }, listAll, profiles)).toEqual([{ id: 'a1' }])
    // Graph cut the inline list: the whole collection is read instead of the first part.
    const paged = {
      id: 'p2',
      assignments: [{ id: 'a2' }],
      'assignments@odata.nextLink': `https://graph.microsoft.com/beta${profiles}/p2/assignments?$skiptoken=x`,
    }
    expect(await assignmentsOf(paged, listAll, profiles)).toEqual([{ id: 'a2' }, { id: 'a3' }])
    expect(asked).toEqual([`${profiles}/p%2F1/assignments`, `${profiles}/p2/assignments`])
  })
})
