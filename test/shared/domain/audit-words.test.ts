import { describe, expect, it } from 'vitest'
import { auditActionWords } from '@shared/domain/audit-words'
import { onlineActionSchema } from '@shared/action-schemas'
import { recycleActionSchema } from '@shared/registration-schemas'
import { deviceChangeSchema } from '@shared/change-schemas'

/** Every action the core writes to the audit log has words; a bundle from a newer app shows its own as they are. */
describe('audit actions in words', () => {
  const changeKinds = deviceChangeSchema.options.map((option) => option.shape.kind.value)
  const written = [
    ...changeKinds,
    ...onlineActionSchema.options,
    ...recycleActionSchema.options.map((action) => `recycle-${action}`),
    'registration-import',
    'registration-cleanup',
    'attempt.undo',
    'attempt.void',
  ]

  it.each(written)('%s', (action) => {
    const words = auditActionWords(action)
    expect(words).not.toBe(action)
    expect(words).toMatch(/^[A-Z]/)
  })

  it('shows an action it does not know as it is', () => {
    expect(auditActionWords('future-action')).toBe('future-action')
  })
})
