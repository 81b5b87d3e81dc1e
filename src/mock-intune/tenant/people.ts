/**
 * Name pools for assigned users. Users repeat across devices on purpose: a technician often
 * pre-provisions several devices for one person (laptop + dock PC), and the app must cope.
 */
export const FIRST_NAMES = [
  'Anna', 'Ben', 'Chloe', 'Daniel', 'Elena', 'Farid', 'Grace', 'Hiroshi', 'Ines', 'Jonas', 'Kavya', 'Liam',
  'Maria', 'Noah', 'Olivia', 'Pedro', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Victor', 'Wei', 'Yasmin',
  'Zoe', 'Aiko', 'Bruno', 'Carmen', 'Dmitri', 'Emma', 'Felix', 'Hannah',
] as const

export const LAST_NAMES = [
  'Anderson', 'Brown', 'Chen', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ivanova', 'Jensen',
  'Kowalski', 'Lopez', 'Martin', 'Nakamura', "O'Brien", 'Patel', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka',
  'Usman', 'Virtanen', 'Williams', 'Xu', 'Yilmaz', 'Zhang', 'Bauer', 'Costa', 'Novak', 'Silva', 'Moreau', 'Singh',
] as const

/** "O'Brien" → "obrien": UPN local parts are kept to plain ASCII letters. */
export const upnPart = (name: string): string => name.toLowerCase().replace(/[^a-z]/g, '')
