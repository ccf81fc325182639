import { useDataQuery } from '@dhis2/app-runtime'
import i18n from '@dhis2/d2-i18n'
import { Card, Center, CircularLoader, NoticeBox, spacers } from '@dhis2/ui'
import { caseProgrammeQuery, type CaseProgrammeQueryResult } from '../data/caseProgrammeQuery'
import { ProcessStages } from './ProcessStages'

const OverviewBody = () => {
    const { loading, error, data } = useDataQuery<CaseProgrammeQueryResult>(caseProgrammeQuery)

    if (loading) {
        return (
            <Center>
                <CircularLoader
                    aria-label={i18n.t('Loading the case programme')}
                    dataTest="cpcm-programme-loading"
                />
            </Center>
        )
    }

    if (error) {
        return (
            <NoticeBox error title={i18n.t('Could not load the case programme')} dataTest="cpcm-programme-error">
                {error.message}
            </NoticeBox>
        )
    }

    const programme = data?.programs.programs[0]
    if (!programme) {
        return (
            <NoticeBox warning dataTest="cpcm-programme-missing">
                {i18n.t('The CPCM metadata package is not installed on this server')}
            </NoticeBox>
        )
    }

    return (
        <>
            <h3 data-test="cpcm-programme-name">{programme.displayName}</h3>
            <ProcessStages stages={programme.programStages} />
        </>
    )
}

/** The case programme and its stages, with explicit loading, error and missing-package states. */
export const ProgrammeOverview = () => (
    <section aria-labelledby="cpcm-programme-overview-title" data-test="cpcm-programme-overview">
        <Card>
            <div style={{ padding: spacers.dp16 }}>
                <h2 id="cpcm-programme-overview-title" style={{ marginTop: 0 }}>
                    {i18n.t('Programme overview')}
                </h2>
                <OverviewBody />
            </div>
        </Card>
    </section>
)
