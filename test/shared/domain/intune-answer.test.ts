import { describe, expect, it } from 'vitest'
import { answerInText, intuneAnswerDetails, intuneAnswerSentence, presentError, readIntuneAnswer, RAW_LIMIT, supportText } from '@shared/domain/intune-answer'
import { GRAPH_FIXTURES } from '../../../src/mock-intune/fixtures'
import { intuneErrorBody, graphErrorBody } from '../../../src/mock-intune/graph-errors'

const ids = {
  requestId: '5b3c1f0e-1111-4222-8333-944445555666',
  clientRequestId: 'a0a0a0a0-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  receivedAt: new Date('2026-12-07T10:11:12Z'),
}
/** What the mock Intune sends for `500=always:path=…`: Intune's nested-JSON message. */
const mock500 = JSON.stringify(intuneErrorBody('InternalServerError', 'deviceManagement/windowsAutopilotDeviceIdentities/abc/updateDeviceProperties', ids))
const fixtureBody = (name: keyof typeof GRAPH_FIXTURES) => JSON.stringify(GRAPH_FIXTURES[name].response.body)

/** Intune's text that belongs in "Details for support", never in the sentence. */
const supportOnly = /Activity ID|Operation ID|request-id|https?:\/\/|fef\.|api-version|_version|\{|2026-12-07T10/

describe('readIntuneAnswer', () => {
  it("reads the mock's 500: code, ids, date, and only the readable part of the nested message", () => {
    const answer = readIntuneAnswer(500, mock500)
    expect(answer).toMatchObject({
      status: 500,
      code: 'InternalServerError',
      message: 'An error has occurred',
      requestId: ids.requestId,
      clientRequestId: ids.clientRequestId,
      activityId: ids.requestId,
      date: '2026-12-07T10:11:12',
      body: 'graph',
    })
    expect(answer.raw).toBe(mock500)
  })

  it('reads a documented Intune 404 and the throttled 429 with its nested Retry-After absent', () => {
    expect(readIntuneAnswer(404, fixtureBody('intuneNotFound'))).toMatchObject({ status: 404, activityId: '385a4302-b11a-49cc-90de-8f584dcb134a' })
    expect(readIntuneAnswer(429, fixtureBody('throttled'), { retryAfterSeconds: 2.128 })).toMatchObject({
      code: 'TooManyRequests',
      message: 'Please retry again later.',
      requestId: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11',
      retryAfterSeconds: 2.128,
    })
  })

  it('keeps the header ids when the body has none, and prefers innerError.date to the Date header', () => {
    const headers = { requestId: 'hdr-req', clientRequestId: 'hdr-client', date: 'Mon, 07 Dec 2026 10:00:00 GMT' }
    expect(readIntuneAnswer(502, '', headers)).toMatchObject({ requestId: 'hdr-req', clientRequestId: 'hdr-client', date: headers.date, body: 'empty' })
    expect(readIntuneAnswer(500, mock500, headers).date).toBe('2026-12-07T10:11:12')
  })

  it.each([
    ['an empty body', '', 'empty'],
    ['whitespace', '  \r\n ', 'empty'],
    ['a proxy HTML page', '<html><body><h1>502 Bad Gateway</h1></body></html>', 'html'],
    ['plain text', 'upstream connect error or disconnect/reset before headers', 'text'],
    ['JSON that is not an error', '{"value": []}', 'json'],
    ['a JSON string', '"oops"', 'json'],
    ['JSON null', 'null', 'json'],
    ['an error that is a string', '{"error": "nope"}', 'json'],
    ['half a JSON document', mock500.slice(0, 120), 'text'],
    ['fields of the wrong types', '{"error":{"code":5,"message":{"a":1},"innerError":[1,2]}}', 'graph'],
    ['a nested message that is not an object', '{"error":{"code":"BadRequest","message":"[1,2,3]"}}', 'graph'],
  ])('gives an answer for %s, never a crash', (_what, body, kind) => {
    const answer = readIntuneAnswer(500, body)
    expect(answer.body).toBe(kind)
    expect(answer.status).toBe(500)
    expect(intuneAnswerSentence(answer, 'change')).toMatch(/^Intune had an internal error \(HTTP 500\) and did not take the change\./)
  })

  it('cuts a huge body for support and keeps no token in it', () => {
    const jwt = `eyJhbGciOiJSUzI1NiJ9.${'a'.repeat(40)}.${'b'.repeat(40)}`
    const answer = readIntuneAnswer(500, `Authorization: Bearer abc.def-ghi echo ${jwt} ${'x'.repeat(10_000)}`)
    expect(answer.raw.length).toBeLessThanOrEqual(RAW_LIMIT + 20)
    expect(answer.raw).not.toContain('abc.def-ghi')
    expect(answer.raw).not.toContain(jwt)
    expect(supportText(intuneAnswerDetails(answer))).not.toContain(jwt)
  })
})

describe('intuneAnswerSentence', () => {
  const sentence = (status: number, body: string, context: 'change' | 'upload' | null = 'change', retryAfterSeconds: number | null = null) =>
    intuneAnswerSentence(readIntuneAnswer(status, body, { retryAfterSeconds }), context)

  it('says a 500 in admin-center words, none of Intune’s support text', () => {
    const said = sentence(500, mock500)
    expect(said).toBe('Intune had an internal error (HTTP 500) and did not take the change.')
    expect(said).not.toMatch(supportOnly)
    expect(sentence(500, mock500, null)).toBe('Intune had an internal error (HTTP 500).')
  })

  it('says a 400 with the useful part of Intune’s message, or that it gave none', () => {
    expect(sentence(400, fixtureBody('intuneBadRequest'))).toBe('Intune refused the change as not valid (HTTP 400) and gave no reason.')
    const plain = JSON.stringify(graphErrorBody('BadRequest', 'Unable to read JSON request payload.', ids))
    expect(sentence(400, plain)).toBe('Intune refused the change as not valid (HTTP 400): Unable to read JSON request payload.')
    const detailed = JSON.stringify(
      intuneErrorBody('BadRequest', 'deviceManagement/importedWindowsAutopilotDeviceIdentities/import', ids, {
        detail: "Invalid ODataActionParameter 'groupTag'",
      }),
    )
    expect(sentence(400, detailed, 'upload')).toBe("Intune refused the upload as not valid (HTTP 400): Invalid ODataActionParameter 'groupTag'.")
  })

  it('names a documented Autopilot error code and its meaning (docs/reference/autopilot.md §5.4)', () => {
    const body = JSON.stringify(graphErrorBody('BadRequest', 'Import failed: ZtdDeviceAlreadyAssigned', ids))
    expect(sentence(400, body, 'upload')).toBe(
      'Intune refused the upload as not valid (HTTP 400): 806 ZtdDeviceAlreadyAssigned: The device is already registered in this tenant.',
    )
    const other = JSON.stringify(graphErrorBody('BadRequest', 'Error 808 for this device', ids))
    expect(sentence(400, other, 'upload')).toContain('808 ZtdDeviceAssignedToOtherTenant: The hardware hash is registered to a different tenant.')
  })

  it('names the missing permission of a 403, and says to sign in again on a 401', () => {
    const body = JSON.stringify(
      graphErrorBody('Forbidden', 'Application must have one of the following scopes: DeviceManagementServiceConfig.ReadWrite.All', ids),
    )
    const said = sentence(403, body)
    expect(said).toContain('(HTTP 403)')
    expect(said).toContain('DeviceManagementServiceConfig.ReadWrite.All')
    expect(sentence(401, fixtureBody('graphUnauthorized'))).toMatch(/^Intune no longer accepts your sign-in .*\(HTTP 401\)\. Sign in again/)
  })

  it('says a 404 is a record that is gone', () => {
    expect(sentence(404, fixtureBody('intuneNotFound'))).toBe('The device is no longer in Intune (HTTP 404): its record is gone, so the change cannot be made.')
  })

  it('says a 429 is throttling, and how long Intune asked to wait', () => {
    expect(sentence(429, fixtureBody('throttled'))).toBe('Intune is throttling requests (HTTP 429).')
    expect(sentence(429, fixtureBody('throttled'), 'change', 120)).toBe('Intune is throttling requests (HTTP 429); it asked to wait 2 minutes.')
    // One second, one minute, one hour: not "1 seconds" (a walk of a big upload read it).
    expect(sentence(429, fixtureBody('throttled'), 'change', 1)).toBe('Intune is throttling requests (HTTP 429); it asked to wait 1 second.')
    expect(sentence(429, fixtureBody('throttled'), 'change', 0.2)).toBe('Intune is throttling requests (HTTP 429); it asked to wait 1 second.')
    expect(sentence(429, fixtureBody('throttled'), 'change', 60 * 60)).toBe('Intune is throttling requests (HTTP 429); it asked to wait 60 minutes.')
    expect(sentence(429, fixtureBody('throttled'), 'change', 90 * 60)).toBe('Intune is throttling requests (HTTP 429); it asked to wait 2 hours.')
  })

  it('says a web page answered when a proxy sent HTML', () => {
    expect(sentence(502, '<!DOCTYPE html><title>Proxy error</title>')).toBe(
      'Intune had an internal error (HTTP 502) and did not take the change. The answer was a web page, not Intune’s: a proxy or sign-in portal on this network may be in the way.',
    )
  })
})

describe('intuneAnswerDetails', () => {
  it('keeps what support quotes to Microsoft: status, ids, Activity ID, date and the raw text', () => {
    const details = intuneAnswerDetails(readIntuneAnswer(500, mock500))
    expect(details.map((detail) => detail.label)).toEqual([
      'HTTP status',
      'Intune’s message',
      'request-id',
      'client-request-id',
      'Date (UTC)',
      'Intune’s answer',
    ])
    const copied = supportText(details)
    expect(copied).toContain(`request-id: ${ids.requestId}`)
    expect(copied).toContain(`client-request-id: ${ids.clientRequestId}`)
    expect(copied).toContain('Date (UTC): 2026-12-07T10:11:12')
    expect(copied).toContain('Activity ID: 5b3c1f0e') // inside the raw answer
    // Intune's JSON inside the message is unpacked and indented: support reads it without unescaping.
    expect(details.at(-1)!.value).toContain('\n      "Message": "An error has occurred - Operation ID')
    expect(intuneAnswerDetails(readIntuneAnswer(502, '<html>bad gateway</html>')).at(-1)!.value).toBe('<html>bad gateway</html>')
  })
})

describe('presentError', () => {
  it('shows a stored answer’s sentence, its details apart', () => {
    const intune = readIntuneAnswer(500, mock500)
    const shown = presentError({ code: 'upstream', message: 'Intune had an internal error (HTTP 500) and did not take the change.', intune })
    expect(shown.sentence).toBe('Intune had an internal error (HTTP 500) and did not take the change.')
    expect(shown.support?.find((detail) => detail.label === 'request-id')?.value).toBe(ids.requestId)
  })

  it('splits an error saved before answers were kept: its own words first, Intune’s text to support', () => {
    const old =
      "Intune still answered with a server error after 8 tries, so the change may not have been made. Retry later, or discard it. Intune's last answer: Intune answered 500 InternalServerError: An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 5b3c1f0e-1111-4222-8333-944445555666 - Url: https://fef.msub02.manage.microsoft.com/DeviceEnrollmentFE/x?api-version=5023-06-28 (request-id 5b3c1f0e-1111-4222-8333-944445555666)"
    const shown = presentError({ code: 'upstream', message: old })
    expect(shown.sentence).toBe(
      'Intune still answered with a server error after 8 tries, so the change may not have been made. Retry later, or discard it. Intune had an internal error (HTTP 500).',
    )
    expect(shown.sentence).not.toMatch(supportOnly)
    expect(shown.support?.find((detail) => detail.label === 'request-id')?.value).toBe(ids.requestId)
    expect(shown.support?.find((detail) => detail.label === 'Activity ID')).toBeUndefined() // the same id as request-id: said once
    expect(presentError({ code: 'upstream', message: 'Intune answered 503 ServiceUnavailable' }).sentence).toBe(
      'Intune was temporarily unavailable (HTTP 503).',
    )
  })

  it('leaves other errors as they are', () => {
    expect(presentError({ code: 'offline', message: 'Intune cannot be reached.' })).toEqual({ sentence: 'Intune cannot be reached.', support: null })
    expect(answerInText('The disk is full.')).toBeNull()
    // An Autopilot error number is not an HTTP status (the 808 Recycle flow's words).
    expect(answerInText('Intune answered 808 ZtdDeviceAssignedToOtherTenant: the hash is still registered to the previous owner.')).toBeNull()
  })
})
