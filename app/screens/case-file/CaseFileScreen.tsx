/**
 * Step 5 frame: one page per case. The step bar, the programme rules' indicators, the
 * timeline, the child's other cases under the child code, identifying details on request,
 * and the sections part 2 fills in (assessment, plan, referrals, monitoring, closure).
 */
import i18n from '@dhis2/d2-i18n'
import { Button, Card, Center, CircularLoader, NoticeBox, Tag } from '@dhis2/ui'
import { useMemo } from 'react'
import { tierLabel } from '../worklist/WorklistTable'
import type { AppMetadata } from '../../data/appMetadata'
import { useAppMetadata } from '../../data/MetadataProvider'
import { useToday } from '../../data/today'
import { nextAction, stepProgress, type CaseSnapshot } from '../../domain'
import { useNavigation } from '../../navigation'
import { useProgramRules } from '../../rules/useProgramRules'
import { RevealIdentity } from './RevealIdentity'
import { StepBar } from './StepBar'
import { useCaseFile, type CaseFile } from './useCaseFile'

export const CaseFileScreen = ({ enrollment }: { enrollment: string }) => {
    const meta = useAppMetadata()
    const { loading, error, data } = useCaseFile(meta, enrollment)
    if (error) {
        return (
            <NoticeBox error title={i18n.t('Could not load the case')} dataTest="cpcm-case-error">
                {error.message}
            </NoticeBox>
        )
    }
    if (loading || !data || data.snapshot.enrollment !== enrollment) {
        return (
            <Center>
                <CircularLoader aria-label={i18n.t('Loading the case')} />
            </Center>
        )
    }
    return <CaseFileView meta={meta} file={data} />
}

/** Stages whose events part 2 records, in the order of the process. */
const PART_2_SECTIONS = ['CPCM_ASSESSMENT', 'CPCM_CASE_PLAN', 'CPCM_CONFERENCE', 'CPCM_REFERRAL', 'CPCM_HEALTH_ENCOUNTER', 'CPCM_MONITORING', 'CPCM_REVIEW', 'CPCM_CLOSURE'] as const

const CaseFileView = ({ meta, file }: { meta: AppMetadata; file: CaseFile }) => {
    const today = useToday()
    const { navigate } = useNavigation()
    const rules = useProgramRules(meta, 'case')
    const { snapshot, events } = file
    const progress = stepProgress(snapshot)
    const next = nextAction(snapshot)
    const effects = useMemo(
        () =>
            rules({
                orgUnit: snapshot.orgUnit,
                enrollment: { occurredAt: snapshot.recordedAt, enrolledAt: snapshot.enrolledAt },
                otherEvents: events.map((e) => ({ stageCode: e.stageCode, occurredAt: e.date, values: e.values, status: e.status === 'COMPLETED' ? 'COMPLETED' : 'ACTIVE' })),
                today,
            }),
        [rules, snapshot, events, today],
    )
    const stageName = (code: string) => meta.caseStages.find((s) => s.code === code)?.displayName ?? code
    const caseType = meta.dataElement('CPCM_INT_CASE_TYPE')

    return (
        <article aria-labelledby="cpcm-case-title" data-test="cpcm-case-file">
            <h2 id="cpcm-case-title">
                {i18n.t('Case file')}: <span data-test="cpcm-case-child-code">{snapshot.childCode ?? i18n.t('No child code')}</span>
            </h2>
            <div style={{ marginBottom: 12 }} data-test="cpcm-case-summary">
                {meta.optionName(caseType, snapshot.caseType)} {snapshot.tier && <Tag negative={snapshot.tier === 'TIER1'}>{tierLabel(snapshot.tier)}</Tag>}{' '}
                {i18n.t('Recorded on {{date}}', { date: snapshot.recordedAt })}
                {snapshot.caseworker && ` · ${i18n.t('Caseworker')}: ${snapshot.caseworker}`}
            </div>
            <StepBar progress={progress} next={next} today={today} />
            {(effects.texts.length > 0 || effects.warnings.length > 0) && (
                <div data-test="cpcm-case-indicators" aria-live="polite">
                    {effects.texts.map((text) => (
                        <NoticeBox key={text} warning={/overdue|today/i.test(text)}>
                            {text}
                        </NoticeBox>
                    ))}
                </div>
            )}
            <Card>
                <div style={{ padding: 12 }}>
                    <h3 style={{ marginTop: 0 }}>{i18n.t('The child')}</h3>
                    <RevealIdentity meta={meta} trackedEntity={snapshot.trackedEntity} {...(snapshot.childCode ? { childCode: snapshot.childCode } : {})} />
                    <ChildCases meta={meta} cases={file.childCases} current={snapshot.enrollment} onOpen={(enrollment) => navigate({ screen: 'case', enrollment })} />
                </div>
            </Card>
            <section aria-labelledby="cpcm-timeline-title">
                <h3 id="cpcm-timeline-title">{i18n.t('Timeline')}</h3>
                <ol data-test="cpcm-timeline" reversed>
                    {[...events].reverse().map((e) => (
                        <li key={e.event} data-test="cpcm-timeline-event">
                            <time dateTime={e.date}>{e.date}</time> {stageName(e.stageCode)} {e.status === 'COMPLETED' ? `(${i18n.t('completed')})` : ''}
                        </li>
                    ))}
                </ol>
            </section>
            <section aria-labelledby="cpcm-sections-title">
                <h3 id="cpcm-sections-title">{i18n.t('Case record')}</h3>
                <ul data-test="cpcm-case-sections">
                    {PART_2_SECTIONS.map((code) => (
                        <li key={code}>
                            {stageName(code)}: {i18n.t('{{count}} record(s)', { count: events.filter((e) => e.stageCode === code).length })}
                        </li>
                    ))}
                </ul>
                <p className="cpcm-definition">{i18n.t('Recording these steps in this app comes next; meanwhile use DHIS2 Capture, which works on the same case.')}</p>
            </section>
        </article>
    )
}

const ChildCases = ({ meta, cases, current, onOpen }: { meta: AppMetadata; cases: CaseSnapshot[]; current: string; onOpen: (enrollment: string) => void }) => {
    if (cases.length < 2) return null
    const caseType = meta.dataElement('CPCM_INT_CASE_TYPE')
    return (
        <section aria-label={i18n.t('All cases of this child')} data-test="cpcm-child-cases">
            <h4>{i18n.t('All cases of this child')}</h4>
            <ul>
                {cases.map((c) => (
                    <li key={c.enrollment}>
                        {c.recordedAt} {meta.optionName(caseType, c.caseType)} ({c.status === 'ACTIVE' ? i18n.t('open') : i18n.t('closed')}){' '}
                        {c.enrollment === current ? (
                            <strong>{i18n.t('this case')}</strong>
                        ) : (
                            <Button small secondary onClick={() => onOpen(c.enrollment)}>
                                {i18n.t('Open')}
                            </Button>
                        )}
                    </li>
                ))}
            </ul>
        </section>
    )
}
