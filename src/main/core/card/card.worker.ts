import type { GraphArgs, WorkerContext } from '../devices/devices.worker'
import { createGraphClient } from '../graph/graph-client'
import { verifyOnline } from './verify-online.worker'
import { readCardFacts } from './card-queries.worker'
import { buildCard } from './build-card'
import { syncBenchStage } from './bench-stage.worker'
import { listGroupTags } from './group-tags.worker'
import { profileListItemOf, type ProfileRow } from './profile-rows'
import type { DeviceCard, ProfileListItem } from '@shared/card-schemas'

/** Worker methods for the device card; merged into dbMethods. */
export const cardMethods = {
  /** The card, and the bench stage it implies (scanned ⇄ ready). Writes, so not read-only. */
  'card.get': (ctx: WorkerContext, args: { id: string; jobId: string | null; now: string }): DeviceCard | null => {
    const id = args.id.toLowerCase()
    const facts = readCardFacts(ctx.db, id, args.jobId)
    if (!facts) return null
    const card = buildCard(facts)
    if (syncBenchStage(ctx.db, id, card.jobId, card.readiness.verdict, args.now)) ctx.emit('db:changed', { tables: ['bench_devices'] })
    return card
  },
  /** Entra object and user licence, asked online only when not fresh (verify-online.ts). A technician waits: one try, 5 s. */
  'card.verify-online': async (ctx: WorkerContext, args: GraphArgs & { id: string }) => {
    const v1 = createGraphClient({
      baseUrl: args.baseUrl.replace(/\/beta\/?$/i, '/v1.0'), getToken: async () => args.token, log: ctx.log, timeoutMs: Math.min(args.timeoutMs ?? 5000, 5000), maxRetries: 0,
    })
    // No db:changed here: the card that follows carries the answers, and a screen that reloads the
    // card on db:changed would otherwise ask again in a loop.
    return verifyOnline(ctx.db, v1, args.id.toLowerCase(), args.correlationId)
  },
  'card.group-tags': (ctx: WorkerContext, args: { prefix: string; limit: number }): string[] => listGroupTags(ctx.db, args.prefix.trim(), args.limit),
  'card.profiles': (ctx: WorkerContext, _args: Record<string, never>): ProfileListItem[] =>
    (ctx.db.prepare('SELECT * FROM profiles ORDER BY display_name COLLATE NOCASE, id').all() as ProfileRow[]).map(profileListItemOf),
} satisfies Record<string, (ctx: WorkerContext, args: never) => unknown>

/** Which of them only read (see readOnlyMethods). */
export const cardReadOnlyMethods: readonly string[] = ['card.group-tags', 'card.profiles']
