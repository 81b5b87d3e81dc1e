import { hash32, seedWords } from '../tenant/prng'

/**
 * Fault injection for Graph routes (docs/reference/graph-api.md §B10 "Configurable fault injection"), set with
 * `--faults SPEC`, the MOCK_INTUNE_FAULTS environment variable, the `faults` option or
 * PUT /_sim/faults. Deterministic: a rate decision is a hash of (seed, rule, how many requests the rule
 * has seen), so the same request sequence meets the same faults.
 *
 * SPEC grammar (whitespace ignored):
 *
 *   SPEC   := RULE ( ',' RULE )*
 *   RULE   := KIND '=' WHEN ( ':' OPTION )*
 *   KIND   := '429'             429 TooManyRequests without Retry-After
 *           | '503'             503 ServiceUnavailable with Retry-After
 *           | '500'             500 InternalServerError (Intune-style body)
 *           | '403'             403 as Graph answers the call without its permission: Intune endpoints name the permissions
 *                               of that path and method, directory endpoints answer Authorization_RequestDenied
 *                               (http/graph-permissions.ts)
 *           | 'latency'         answer late (real milliseconds, not scaled by --speed; a GET is worked out during the wait)
 *           | 'hang'            never answer (the connection stays open until the client gives up or the mock stops)
 *           | 'truncate'        send only the first half of the JSON body (Content-Length matches what is sent)
 *           | 'repeat-nextlink' collections get an @odata.nextLink pointing at the page just served (the 2020 bug)
 *   WHEN   := <p>                each matching request with probability p, 0 ≤ p ≤ 1 (e.g. 0.05)
 *           | '#' <n> [ '-' <m> ] only the n-th (to m-th) matching request, 1-based
 *           | 'every' <n>        every n-th matching request
 *           | 'always'
 *   OPTION := 'ms=' <n>           latency in ms (default 500, max 60000)
 *           | 'retry-after=' <s>  seconds for 503 (default 2; fractional allowed)
 *           | 'path=' <text>      only request paths containing text (case-insensitive)
 *           | 'method=' <verb>    only this HTTP method
 *
 * Example: `503=#1-2:retry-after=1.5,latency=0.1:ms=250,repeat-nextlink=always:path=windowsAutopilotDeviceIdentities`
 */
export type FaultKind = '429' | '503' | '500' | '403' | 'latency' | 'hang' | 'truncate' | 'repeat-nextlink'
const KINDS: readonly FaultKind[] = ['429', '503', '500', '403', 'latency', 'hang', 'truncate', 'repeat-nextlink']

export type FaultWhen = { type: 'rate'; p: number } | { type: 'nth'; from: number; to: number } | { type: 'every'; n: number } | { type: 'always' }

export interface FaultRule {
  kind: FaultKind
  when: FaultWhen
  ms: number
  retryAfter: string
  path?: string
  method?: string
}

export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FaultSpecError'
  }
}

function parseWhen(text: string): FaultWhen {
  if (text === 'always') return { type: 'always' }
  const nth = /^#(\d+)(?:-(\d+))?$/.exec(text)
  if (nth) {
    const from = Number(nth[1])
    const to = nth[2] === undefined ? from : Number(nth[2])
    if (from < 1 || to < from) throw new FaultSpecError(`'${text}': #n-m needs 1 ≤ n ≤ m`)
    return { type: 'nth', from, to }
  }
  const every = /^every(\d+)$/.exec(text)
  if (every) {
    const n = Number(every[1])
    if (n < 1) throw new FaultSpecError(`'${text}': every n needs n ≥ 1`)
    return { type: 'every', n }
  }
  if (/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(text)) return { type: 'rate', p: Number(text) }
  throw new FaultSpecError(`'${text}' is not a probability (0..1), #n, #n-m, every n or always`)
}

export function parseFaultSpec(spec: string): FaultRule[] {
  const text = spec.replace(/\s+/g, '')
  if (text === '' || text === 'none' || text === 'off') return []
  if (text.length > 4096) throw new FaultSpecError('the fault spec is longer than 4096 characters')
  return text.split(',').map((part) => {
    const [head = '', ...options] = part.split(':')
    const eq = head.indexOf('=')
    if (eq < 0) throw new FaultSpecError(`'${part}': expected KIND=WHEN, e.g. 503=0.05`)
    const kind = head.slice(0, eq).toLowerCase() as FaultKind
    if (!KINDS.includes(kind)) throw new FaultSpecError(`unknown fault '${head.slice(0, eq)}' (use ${KINDS.join(', ')})`)
    const rule: FaultRule = { kind, when: parseWhen(head.slice(eq + 1).toLowerCase()), ms: 500, retryAfter: '2' }
    for (const option of options) {
      const [name = '', value = ''] = option.split('=')
      if (name === 'ms' && /^\d+$/.test(value) && Number(value) <= 60_000) rule.ms = Number(value)
      else if (name === 'retry-after' && /^\d+(\.\d{1,3})?$/.test(value)) rule.retryAfter = value
      else if (name === 'path' && value !== '') rule.path = value.toLowerCase()
      else if (name === 'method' && /^[a-z]+$/i.test(value)) rule.method = value.toUpperCase()
      else throw new FaultSpecError(`'${option}' is not a valid option (ms=N ≤ 60000, retry-after=S, path=TEXT, method=VERB)`)
    }
    return rule
  })
}

export interface FaultDecision {
  status?: { code: 429 | 503 | 500 | 403; retryAfter?: string }
  latencyMs: number
  hang: boolean
  truncate: boolean
  repeatNextLink: boolean
  /** Names of the rules that fired, for the request log. */
  applied: string[]
}

export class FaultInjector {
  private rules: FaultRule[] = []
  private counters: number[] = []
  private specText = ''
  private readonly seedLo: number
  private readonly seedHi: number

  constructor(seed: number, spec = '') {
    ;[this.seedLo, this.seedHi] = seedWords(seed)
    this.set(spec)
  }

  get spec(): string {
    return this.specText
  }

  get active(): readonly FaultRule[] {
    return this.rules
  }

  /** Replaces the rules (and restarts their counters); throws FaultSpecError on a bad spec. */
  set(spec: string): void {
    this.rules = parseFaultSpec(spec)
    this.counters = this.rules.map(() => 0)
    this.specText = this.rules.length === 0 ? '' : spec.trim()
  }

  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, hang: false, truncate: false, repeatNextLink: false, applied: [] }
    if (this.rules.length === 0) return decision
    const lowerPath = path.toLowerCase()
    this.rules.forEach((rule, i) => {
      if (rule.method !== undefined && rule.method !== method) return
      if (rule.path !== undefined && !lowerPath.includes(rule.path)) return
      const n = (this.counters[i] ?? 0) + 1
      this.counters[i] = n
      if (!this.fires(rule.when, i, n)) return
      decision.applied.push(rule.kind)
      if (rule.kind === 'latency') decision.latencyMs = Math.max(decision.latencyMs, rule.ms)
      else if (rule.kind === 'hang') decision.hang = true
      else if (rule.kind === 'truncate') decision.truncate = true
      else if (rule.kind === 'repeat-nextlink') decision.repeatNextLink = true
      else if (!decision.status)
        decision.status = rule.kind === '503' ? { code: 503, retryAfter: rule.retryAfter } : { code: Number(rule.kind) as 429 | 500 | 403 }
    })
    return decision
  }

  private fires(when: FaultWhen, rule: number, n: number): boolean {
    switch (when.type) {
      case 'always':
        return true
      case 'nth':
        return n >= when.from && n <= when.to
      case 'every':
        return n % when.n === 0
      case 'rate':
        return hash32(this.seedLo, this.seedHi, 0xfa017, rule, n) / 0x1_0000_0000 < when.p
    }
  }
}
