import type { en } from './en'

/** French strings, keyed by the English text. */
export const fr: Record<keyof typeof en, string> = {
    'Child Protection Case Management': 'Gestion des cas de protection de l’enfant',
    'Programme overview': 'Aperçu du programme',
    'Loading the case programme': 'Chargement du programme de gestion des cas',
    'Could not load the case programme': 'Impossible de charger le programme de gestion des cas',
    'The CPCM metadata package is not installed on this server':
        'Le paquet de métadonnées CPCM n’est pas installé sur ce serveur',
    'The case programme has no stages': 'Le programme de gestion des cas n’a aucune étape',
    'Case management process': 'Processus de gestion des cas',
}
