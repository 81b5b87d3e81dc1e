/**
 * Plausible Autopilot hardware: manufacturer and model strings as the SMBIOS fields report them.
 *
 * Values mirror what real hashes carry (Lenovo reports the machine type as `model`, HP and Dell the
 * marketing name), so list views and filters in the app meet realistic, uneven strings.
 */

export interface HardwareModel {
  model: string
  skuNumber: string
  systemFamily: string
}

export interface HardwareFamily {
  manufacturer: string
  models: readonly HardwareModel[]
}

const m = (model: string, skuNumber: string, systemFamily: string): HardwareModel => ({ model, skuNumber, systemFamily })

export const HARDWARE = {
  virtualMachine: {
    manufacturer: 'Microsoft Corporation',
    models: [m('Virtual Machine', 'None', 'Virtual Machine')],
  },
  surface: {
    manufacturer: 'Microsoft Corporation',
    models: [
      m('Surface Laptop 5', 'Surface_Laptop_5_1950:1951', 'Surface'),
      m('Surface Pro 9', 'Surface_Pro_9_2038', 'Surface'),
      m('Surface Laptop 6 for Business', 'Surface_Laptop_6_for_Business_2109', 'Surface'),
      m('Surface Pro 10 for Business', 'Surface_Pro_10_for_Business_2078', 'Surface'),
    ],
  },
  dell: {
    manufacturer: 'Dell Inc.',
    models: [
      m('Latitude 5440', '0C0F', 'Latitude'),
      m('Latitude 7440', '0C0A', 'Latitude'),
      m('Latitude 5550', '0C7A', 'Latitude'),
      m('OptiPlex Micro 7010', '0B08', 'OptiPlex'),
      m('Precision 3581', '0C34', 'Precision'),
    ],
  },
  hpNotebook: {
    manufacturer: 'HP',
    models: [
      m('HP EliteBook 840 14 inch G10 Notebook PC', '7L9Q4AV', '103C_5336AN HP EliteBook'),
      m('HP ProBook 450 15.6 inch G10 Notebook PC', '8A5N0EA', '103C_5336AN HP ProBook'),
      m('HP EliteBook 860 16 inch G11 Notebook PC', 'A26S9EA', '103C_5336AN HP EliteBook'),
    ],
  },
  hpDesktop: {
    manufacturer: 'HP',
    models: [m('HP Elite Mini 800 G9 Desktop PC', '6B2Q9EA', '103C_53307F HP EliteDesk'), m('HP Pro Mini 400 G9 Desktop PC', '6D3W3EA', '103C_53307F HP Pro')],
  },
  dynabook: {
    manufacturer: 'Dynabook Inc.',
    models: [m('dynabook TECRA A40-K', 'PMM10E-0C401REN', 'TECRA'), m('dynabook PORTEGE X40L-K', 'PMM30E-0GG01FEN', 'PORTEGE')],
  },
  fujitsu: {
    manufacturer: 'FUJITSU CLIENT COMPUTING LIMITED',
    models: [m('LIFEBOOK U7413', 'SK00', 'LIFEBOOK-FTS'), m('ESPRIMO D7012', 'SK01', 'ESPRIMO-FTS')],
  },
  acer: {
    manufacturer: 'Acer',
    models: [m('TravelMate P214-54', '0000000000000000', 'TravelMate P2'), m('Aspire A515-57', '0000000000000000', 'Aspire 5')],
  },
  lenovoNotebook: {
    manufacturer: 'LENOVO',
    models: [
      m('21HD', 'LENOVO_MT_21HD_BU_Think_FM_ThinkPad T14 Gen 4', 'ThinkPad T14 Gen 4'),
      m('21KC', 'LENOVO_MT_21KC_BU_Think_FM_ThinkPad X1 Carbon Gen 12', 'ThinkPad X1 Carbon Gen 12'),
      m('21JK', 'LENOVO_MT_21JK_BU_Think_FM_ThinkPad E14 Gen 5', 'ThinkPad E14 Gen 5'),
    ],
  },
  lenovoDesktop: {
    manufacturer: 'LENOVO',
    models: [
      m('11T3', 'LENOVO_MT_11T3_BU_Think_FM_ThinkCentre M70q Gen 3', 'ThinkCentre M70q Gen 3'),
      m('12E3', 'LENOVO_MT_12E3_BU_Think_FM_ThinkCentre M90q Gen 4', 'ThinkCentre M90q Gen 4'),
    ],
  },
} as const satisfies Record<string, HardwareFamily>

export type HardwareFamilyKey = keyof typeof HARDWARE
