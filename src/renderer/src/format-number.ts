const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })

/** Counts as the technician reads them: "12,345". */
export const formatCount = (value: number): string => integer.format(value)
