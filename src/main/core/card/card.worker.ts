import { createGraphClient } from '../graph/graph-client'
import { staleParts, verifyOnline } from './verify-online.worker'
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
   *
   * `checking`: an online check of this device is under way or about to start (online-checks.ts), so
   * the rules whose facts it asks for (those not fresh: staleParts) say they are being checked. The
   * bench stage does not move on such a card: its verdict waits for the answer.
   */
  ...internalMethod('card.get', { readOnly: true }, (ctx, args: { id: string; jobId: string | null; now: string; checking?: boolean }): DeviceCard | null => {
    const id = args.id.toLowerCase()
    const facts = readCardFacts(ctx.db, id, args.jobId)
    if (!facts) return null
    const stale = args.checking ? staleParts(ctx.db, id, Date.parse(args.now)) : []
    const card = buildCard(facts, stale.length > 0 ? { entraObject: stale.includes('entra'), userLicence: stale.includes('user') } : null)
    if (stale.length === 0 && syncBenchStage(ctx.db, id, card.jobId, card.readiness.verdict, args.now)) ctx.emit('data:changed', dataChanged('bench'))
    return card
  }),
  /**
   * Entra object and user licence, asked online only when not fresh (verify-online.worker.ts). One try
   * of 5 s, in the background: the card is shown from the cache meanwhile (online-checks.ts).
   */
  ...internalMethod('card.verify-online', { readOnly: false, graph: { timeoutMs: 5000, maxRetries: 0 } }, async (ctx, args: GraphArgs & { id: string }) => {
    const v1 = createGraphClient({
      baseUrl: args.baseUrl.replace(/\/beta\/?$/i, '/v1.0'),
      getToken: async () => args.token,
      log: ctx.log,
      timeoutMs: Math.min(args.timeoutMs ?? 5000, 5000),
      maxRetries: 0,
    })
    // No data:changed here: online-checks.ts (main thread) tells the card when the check has ended, and
    // it is there that a re-read can't start another check (a loop otherwise: re-read → ask → changed → re-read).
    return verifyOnline(ctx.db, v1, args.id.toLowerCase(), args.correlationId)
  }),
  ...channelMethod('devices:list-group-tags', { readOnly: true }, (ctx, args) => ({ tags: listGroupTags(ctx.db, args.prefix.trim(), args.limit) })),
  ...channelMethod('profiles:list-profiles', { readOnly: true }, (ctx) => ({ profiles: createProfilesRepo(ctx.db).list().map(profileListItemOf) })),
}
