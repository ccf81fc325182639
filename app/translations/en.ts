/** English strings: the keys passed to i18n.t are the English text itself. */
export const en = {
    'Child Protection Case Management': 'Child Protection Case Management',
    'Programme overview': 'Programme overview',
    'Loading the case programme': 'Loading the case programme',
    'Could not load the case programme': 'Could not load the case programme',
    'The CPCM metadata package is not installed on this server':
        'The CPCM metadata package is not installed on this server',
    'The case programme has no stages': 'The case programme has no stages',
    'Case management process': 'Case management process',
} as const satisfies Record<string, string>
