import { describe, expect, it } from 'vitest'
import { endSentence } from '@shared/domain/sentence'
import { wrongTenantExplanation } from '@shared/domain/identity-errors'
import { settingsStrings } from '@renderer/strings/settings'

describe('a sentence that ends with a name', () => {
  it('gets one full stop, also when the name ends with one', () => {
    expect(endSentence('Signed in to Contoso')).toBe('Signed in to Contoso.')
    expect(endSentence('Signed in to Fabrikam, Inc.')).toBe('Signed in to Fabrikam, Inc.')
    expect(endSentence('Is it Fabrikam?')).toBe('Is it Fabrikam?')
  })

  it('"Signed in to Fabrikam, Inc." and "This device is not in Fabrikam, Inc.", not "Inc.."', () => {
    expect(settingsStrings.signIn.signedIn('Fabrikam, Inc.')).toBe('Signed in to Fabrikam, Inc.')
    expect(settingsStrings.signIn.signedIn('Contoso')).toBe('Signed in to Contoso.')
    expect(wrongTenantExplanation('Fabrikam, Inc.').title).toBe('This device is not in Fabrikam, Inc.')
  })
})
