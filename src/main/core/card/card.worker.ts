import { createGraphClient } from '../graph/graph-client'
import { verifyOnline } from './verify-online.worker'
import { readCardFacts } from './card-queries.worker'
import { buildCard } from './build-card'
import { syncBenchStage } from './bench-stage.worker'
import { listGroupTags } from './group-tags.worker'
import { profileListItemOf } from './profile-rows'
import { createProfilesRepo } from '../repos/profiles-repo'
import type { DeviceCard } from '@shared/card-schemas'
import { channelMethod, internalMethod, type GraphArgs } from '../worker/method'
import { dataChanged } from '@shared/data-topics'

/** Worker methods for the device card; the card's handler (card-handlers.ts) calls the dotted ones. */
export const cardMethods = {
  /**
   * The card, and the bench stage it implies (scanned ⇄ ready). Read-only to the worker: an open card is
   * read again whenever devices change (up to 4 times a second during a sync), and it has no business
   * committing the sync's open transaction each time (a first load's are 50,000 rows long). The stage
   * move, when there is one, commits it itself (syncBenchStage).
   */
  ...internalMethod('card.get', { readOnly: true }, (ctx, args: { id: string; jobId: string | null; now: string }): DeviceCard | null => {
    const id = args.id.toLowerCase()
    const facts = readCardFacts(ctx.db, id, args.jobId)
    if (!facts) return null
    const card = buildCard(facts)
    if (syncBenchStage(ctx.db, id, card.jobId, card.readiness.verdict, args.now)) ctx.emit('data:changed', dataChanged('bench'))
    return card
  }),
  /** Entra object and user licence, asked online only when not fresh (verify-online.worker.ts). A technician waits: one try, 5 s. */
  ...internalMethod('card.verify-online', { readOnly: false, graph: { timeoutMs: 5000, maxRetries: 0 } }, async (ctx, args: GraphArgs & { id: string }) => {
    const v1 = createGraphClient({
      baseUrl: args.baseUrl.replace(/\/beta\/?$/i, '/v1.0'),
      getToken: async () => args.token,
      log: ctx.log,
      timeoutMs: Math.min(args.timeoutMs ?? 5000, 5000),
      maxRetries: 0,
    })
    // No data:changed here: the card that follows carries the answers, and a screen that reloads the
    // card on data:changed would otherwise ask again in a loop.
    return verifyOnline(ctx.db, v1, args.id.toLowerCase(), args.correlationId)
  }),
  ...channelMethod('devices:list-group-tags', { readOnly: true }, (ctx, args) => ({ tags: listGroupTags(ctx.db, args.prefix.trim(), args.limit) })),
  ...channelMethod('profiles:list-profiles', { readOnly: true }, (ctx) => ({ profiles: createProfilesRepo(ctx.db).list().map(profileListItemOf) })),
}
