import { z } from 'zod'

/**
 * zod compiles object parsers with `new Function` when `eval` is allowed, and probes for it first.
 * The app's CSP allows no eval (only 'wasm-unsafe-eval' for the QR decoder), and Chromium reports
 * even the caught probe as a `securitypolicyviolation`: jitless skips both. Imported first by main.tsx.
 */
z.config({ jitless: true })
