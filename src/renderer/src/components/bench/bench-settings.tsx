import { usePreference } from '../../data/use-preference'
import { benchReadinessStrings as text } from '../../strings/bench-readiness'

/**
 * The bench's own settings, beside the job picker: its network (readiness warns on Wi-Fi, where the
 * language/region/keyboard pages appear and a profile presetting them is unsupported) and the
 * success/failure cue's mute switch. Both are remembered preferences.
 */
export function BenchSettings() {
  const [network, setNetwork] = usePreference<string>('bench.network', '')
  const [muted, setMuted] = usePreference<boolean>('bench.cueMuted', false)
  return (
    <>
      <div className="job-picker">
        <label htmlFor="bench-network">{text.network.label}</label>
        <select
          id="bench-network"
          title={text.network.hint}
          value={network}
          onChange={(event) => setNetwork(event.target.value)}
          aria-describedby="bench-network-hint"
        >
          <option value="">{text.network.unset}</option>
          <option value="wired">{text.network.wired}</option>
          <option value="wifi">{text.network.wifi}</option>
        </select>
        <span id="bench-network-hint" className="visually-hidden">
          {text.network.hint}
        </span>
      </div>
      <label className="bench-settings__cue">
        <input type="checkbox" checked={!muted} onChange={(event) => setMuted(!event.target.checked)} /> {text.cue.label}
      </label>
    </>
  )
}
