/** What was reported, by code and option name; the description is free text written without names. */
import i18n from '@dhis2/d2-i18n'
import type { AppMetadata } from '../data/appMetadata'
import type { Concern } from '../data/useConcern'

export const ConcernSummary = ({ meta, concern }: { meta: AppMetadata; concern: Concern }) => {
    const row = (code: string) => {
        const field = meta.dataElement(code)
        const value = concern.values[code]
        if (!value) return null
        return (
            <div key={code}>
                <dt style={{ fontWeight: 600 }}>{field.displayName}</dt>
                <dd style={{ margin: '0 0 6px' }}>{field.options ? meta.optionName(field, value) : value}</dd>
            </div>
        )
    }
    return (
        <dl data-test="cpcm-concern-summary" aria-label={i18n.t('The concern')}>
            <div>
                <dt style={{ fontWeight: 600 }}>{i18n.t('Date reported')}</dt>
                <dd style={{ margin: '0 0 6px' }}>{concern.reportedOn}</dd>
            </div>
            {['CPCM_INC_REPORTER_TYPE', 'CPCM_INC_CHANNEL', 'CPCM_INC_CASE_TYPE', 'CPCM_INC_CHILD_AGE', 'CPCM_INC_CHILD_SEX', 'CPCM_INC_DESCRIPTION'].map(row)}
        </dl>
    )
}
