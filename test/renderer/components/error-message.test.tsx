import { describe, expect, it } from 'vitest'
import { render } from '@testing-library/react'
import { ErrorMessage } from '@renderer/components/error-message'
import { errorText } from '@shared/error-codes'

describe('ErrorMessage: the Graph client’s new codes read as plain technician text', () => {
  const cases = [
    ['unsafe-link', "Intune's answer pointed to another server (evil.example:8443); the sync stopped so your sign-in is not sent there.", /sign-in/],
    ['wait-too-long', 'Intune asks us to wait 1 h — try later.', /try again later/],
    ['cancelled', 'Cancelled: nothing more was asked of Intune.', /start it again/],
    ['not-graph', 'A web page answered instead of Microsoft Graph (an HTML page) — is this network behind a sign-in portal?', /sign-in portal/],
    ['bad-response', 'Intune sent an answer that is cut off or not valid JSON (request-id r1).', /cut off/],
    ['too-large', "Intune's answer was larger than 32 MiB, far more than one page of Graph data; it was not read.", /did not read it/],
    ['stalled', 'Intune stopped sending its answer halfway (nothing for 30 s).', /stopped sending/],
    [
      'paging-loop',
      'Intune kept sending the same page of Autopilot devices (a next-page link repeated); the sync stopped and nothing was deleted.',
      /deleted nothing/,
    ],
    [
      'db-damaged',
      'A damaged part of the database file was met while doing this (SQLITE_CORRUPT). It has been noted: the next start checks the whole database and repairs it.',
      /Restart Autopilot Bench to repair it/,
    ],
    ['disk-full', 'database or disk is full', /Free some space/],
  ] as const

  it.each(cases)('%s shows its catalogued text, not the internal fallback, with the message as detail', (code, message, says) => {
    const { container } = render(<ErrorMessage error={{ code, message }} />)
    const text = container.querySelector('.error-message__text')!.textContent
    expect(text).toBe(errorText[code])
    expect(text).toMatch(says)
    expect(text).not.toBe(errorText.internal)
    expect(container.querySelector('.error-message__detail')!.textContent).toContain(message)
  })
})

describe('ErrorMessage: the catalogue is read after an action has ended', () => {
  it('promises no retry the app does not make (delivery, which retries, says its own words)', () => {
    for (const [code, text] of Object.entries(errorText)) {
      expect(text, code).not.toMatch(/retries on its own|retry on its own|automatically|by itself/i)
    }
  })

  it('takes the place-specific words for a code when given, the catalogue for the others', () => {
    const textFor = { throttled: 'Press Sync again in a minute.' }
    const { container, rerender } = render(<ErrorMessage error={{ code: 'throttled', message: 'HTTP 429' }} textFor={textFor} />)
    expect(container.querySelector('.error-message__text')!.textContent).toBe('Press Sync again in a minute.')
    rerender(<ErrorMessage error={{ code: 'timeout', message: '' }} textFor={textFor} />)
    expect(container.querySelector('.error-message__text')!.textContent).toBe(errorText.timeout)
  })
})

describe('ErrorMessage › Intune’s answer', () => {
  it('says "Intune answered 429 …" in a sentence, keeps the place’s what-to-do, and puts Intune’s text under Details for support', () => {
    render(
      <ErrorMessage
        error={{ code: 'throttled', message: 'Intune answered 429 TooManyRequests: Please retry again later. (request-id r-429)' }}
        textFor={{ throttled: 'Press Sync again in a minute.' }}
      />,
    )
    const texts = [...document.querySelectorAll('.error-message__text')].map((p) => p.textContent)
    expect(texts).toEqual(['Intune is throttling requests (HTTP 429).', 'Press Sync again in a minute.'])
    const details = document.querySelector<HTMLDetailsElement>('details')!
    expect(details.open).toBe(false)
    expect(details.textContent).toContain('r-429')
    expect(document.querySelector('.error-message__detail')).toBeNull()
  })
})
