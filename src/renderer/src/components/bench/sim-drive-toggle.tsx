import { benchStrings } from '../../strings/bench'
import type { useSimDrive } from './use-sim-drive'

/** Demo tenant only: whether the recorder's presses also go to the simulated PC (said explicitly). */
export function SimDriveToggle({ sim }: { sim: ReturnType<typeof useSimDrive> }) {
  if (!sim.demo) return null
  return (
    <div className="sim-drive">
      <label>
        <input type="checkbox" checked={sim.drive} onChange={(event) => sim.setDrive(event.target.checked)} /> {benchStrings.sim.drive}
      </label>
      <p className="hint">{benchStrings.sim.driveHint}</p>
    </div>
  )
}
