/** Translated labels for the domain's codes (steps, next actions, due states). */
import i18n from '@dhis2/d2-i18n'
import type { DueStatus, NextActionKind, Step } from '../domain'

export const stepLabel = (step: Step): string =>
    ({
        1: i18n.t('Identification'),
        2: i18n.t('Recording'),
        3: i18n.t('Screening and risk categorisation'),
        4: i18n.t('Intake'),
        5: i18n.t('Assessment'),
        6: i18n.t('Case planning'),
        7: i18n.t('Implementation'),
        8: i18n.t('Monitoring and case review'),
        9: i18n.t('Closure'),
    })[step]

export const nextActionLabel = (kind: NextActionKind): string =>
    ({
        COMPLETE_INTAKE: i18n.t('Complete the intake'),
        ASSESS: i18n.t('Complete the assessment'),
        PLAN: i18n.t('Write the case plan'),
        FOLLOW_UP_PLAN_ACTION: i18n.t('Follow up the case plan action'),
        MONITOR: i18n.t('Monitoring visit'),
        REVIEW: i18n.t('Review the case'),
        CLOSE: i18n.t('Close the case'),
        NONE: i18n.t('No action: the case is closed'),
    })[kind]

export const dueStatusLabel = (status: DueStatus): string =>
    ({
        OVERDUE: i18n.t('Overdue'),
        TODAY: i18n.t('Due today'),
        UPCOMING: i18n.t('Upcoming'),
        NONE: i18n.t('No due date'),
    })[status]
