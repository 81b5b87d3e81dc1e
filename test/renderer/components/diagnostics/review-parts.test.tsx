import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { RowsTable, yesNo } from '@renderer/components/diagnostics/review-parts'

describe('bundle review tables', () => {
  it('shows "Allow pre-provisioned deployment" as Yes / No, not the stored 1 / 0 (issue #15 minor item)', () => {
    render(
      <RowsTable
        rows={[
          { display_name: 'UD', pre_provisioning_allowed: 1 },
          { display_name: 'Kiosk', pre_provisioning_allowed: 0 },
          { display_name: 'Old', pre_provisioning_allowed: null },
        ]}
        columns={[
          ['display_name', 'Profile'],
          ['pre_provisioning_allowed', 'Allow pre-provisioned deployment', yesNo],
        ]}
      />,
    )
    const cells = screen
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent)
    expect(cells).toEqual(['UDYes', 'KioskNo', 'Old—'])
  })
})

describe('profile status words', () => {
  it("Graph's unknown is not shown as 'Unknown' (no admin-center word)", async () => {
    const { strings } = await import('@renderer/strings')
    expect(strings.profileStatus.unknown).toBe('No status reported')
  })
})
