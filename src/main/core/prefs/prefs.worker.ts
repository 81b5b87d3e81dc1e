import { createPreferencesRepo } from '../repos/preferences-repo'
import { channelMethod } from '../worker/method'
import { dataChanged } from '@shared/data-topics'
import { benchListPreferenceKeys } from '@shared/app-schemas'

/** The technician's preferences, kept in the cache. */
export const prefsMethods = {
  ...channelMethod('prefs:get-preference', { readOnly: true }, (ctx, args) => ({
    value: createPreferencesRepo(ctx.db).get(args.key) as string | number | boolean | null,
  })),
  ...channelMethod('prefs:set-preference', { readOnly: false }, (ctx, args) => {
    createPreferencesRepo(ctx.db).set(args.key, args.value)
    ctx.emit('data:changed', benchListPreferenceKeys.includes(args.key) ? dataChanged('preferences', 'bench') : dataChanged('preferences'))
    return {}
  }),
}
