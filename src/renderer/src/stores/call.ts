import type { Api } from '@shared/api'
import type { Channel, RequestOf, ResponseOf } from '@shared/channels'
import type { Result } from '@shared/result'

/** A store action that is one request on `C`: the caller keeps its own busy / error state. */
export type Call<C extends Channel> = (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>

/** The action for one channel, bound to the store's Api. */
export const call =
  <C extends Channel>(api: Api, channel: C): Call<C> =>
  (request) =>
    api.invoke(channel, request)
