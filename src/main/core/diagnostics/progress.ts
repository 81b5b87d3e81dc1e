import type { z } from 'zod'
import type { diagnosticsProgressSchema } from '@shared/diagnostics-schemas'

export type DiagnosticsProgress = z.infer<typeof diagnosticsProgressSchema>
