import { useEffect, useState } from 'react'
import { useDeviceActionsStore } from '../../stores/stores-context'

const suggestDelayMs = 150

/**
 * The group tags devices in this tenant carry, starting with what is typed (devices:list-group-tags), for a
 * datalist: the device card's tag editor and the job form's group tag field offer the same suggestions.
 */
export function useGroupTagSuggestions(prefix: string): string[] {
  const listGroupTags = useDeviceActionsStore((state) => state.listGroupTags)
  const [tags, setTags] = useState<string[]>([])
  useEffect(() => {
    let live = true
    const timer = setTimeout(() => {
      void listGroupTags({ prefix, limit: 20 }).then((result) => {
        // No suggestions is harmless: the tag can still be typed, so a failure is not shown.
        if (live && result.ok) setTags(result.value.tags)
      })
    }, suggestDelayMs)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [listGroupTags, prefix])
  return tags
}
