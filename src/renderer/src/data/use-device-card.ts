import { useEffect, useMemo } from 'react'
import { useStore } from 'zustand'
import { useApi } from '../api/api-context'
import { createDeviceCardStore, type DeviceCardState } from '../stores/device-card-store'

export type { DeviceCardState }

/**
 * The device card of one device, checked against `jobId`: a store per shown device, attached while
 * mounted (first read, then coalesced re-reads on the card's topics). A job change re-reads it.
 */
export function useDeviceCard(deviceId: string, jobId: string | null = null): DeviceCardState {
  const api = useApi()
  // The job is set by the effect below, so a new job never builds a new store (and never blanks the card).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const store = useMemo(() => createDeviceCardStore(api, deviceId, jobId), [api, deviceId])
  useEffect(() => store.getState().attach(), [store])
  useEffect(() => store.getState().setJob(jobId), [store, jobId])
  return useStore(store)
}
