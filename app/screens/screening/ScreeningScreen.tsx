/**
 * Step 3: screening and risk categorisation. Guided questions decide VENA / not VENA and
 * the tier; the incident register's programme rules (evaluated here as DHIS2 would) assign
 * the response date, require immediate actions for Tier 1 and early intervention for non-VENA.
 */
import { useDataEngine } from '@dhis2/app-runtime'
import i18n from '@dhis2/d2-i18n'
import { Button, ButtonStrip, Card, Center, CircularLoader, InputField, NoticeBox, TextAreaField } from '@dhis2/ui'
import { useMemo, useState } from 'react'
import { ConcernSummary } from '../../components/ConcernSummary'
import { DueDate } from '../../components/DueDate'
import { OptionField } from '../../components/OptionField'
import { RuleMessages } from '../../components/RuleMessages'
import { useSave } from '../../components/useSave'
import { ChoiceQuestion } from '../../components/ChoiceQuestion'
import type { AppMetadata } from '../../data/appMetadata'
import { updatedConcernEvent } from '../../data/concernPayloads'
import { useAppMetadata } from '../../data/MetadataProvider'
import { useToday } from '../../data/today'
import { importTracker } from '../../data/trackerImport'
import { useConcern, type Concern } from '../../data/useConcern'
import { screeningOutcome, type Answer, type ScreeningAnswers } from '../../domain'
import { useNavigation } from '../../navigation'
import { useProgramRules } from '../../rules/useProgramRules'
import { immediateActions, tier1Definition, tier2Definition, VenaDefinition } from './definitions'

/** What screening writes; fields a rule hides are cleared. */
const SCREENING_FIELDS = [
    'CPCM_INC_SCREENING',
    'CPCM_INC_RISK_TIER',
    'CPCM_INC_RESPONSE_DUE',
    'CPCM_INC_IMMEDIATE_ACTIONS',
    'CPCM_INC_REPORTED_JUSTICE',
    'CPCM_INC_EARLY_INTERVENTION',
    'CPCM_INC_EI_PROVIDER',
] as const

export const ScreeningScreen = ({ event }: { event: string }) => {
    const meta = useAppMetadata()
    const { loading, error, data, refetch } = useConcern(meta, event)
    if (error) {
        return (
            <NoticeBox error title={i18n.t('Could not load the concern')} dataTest="cpcm-screening-error">
                {error.message}
            </NoticeBox>
        )
    }
    if (loading || !data) {
        return (
            <Center>
                <CircularLoader aria-label={i18n.t('Loading the concern')} />
            </Center>
        )
    }
    return <ScreeningForm meta={meta} concern={data} onSaved={refetch} />
}

const answerOptions = () => [
    { value: 'YES' as const, label: i18n.t('Yes') },
    { value: 'NO' as const, label: i18n.t('No') },
    { value: 'UNSURE' as const, label: i18n.t('Not sure yet') },
]

const ScreeningForm = ({ meta, concern, onSaved }: { meta: AppMetadata; concern: Concern; onSaved: () => void }) => {
    const today = useToday()
    const engine = useDataEngine()
    const { navigate } = useNavigation()
    const { saving, error, run } = useSave()
    const rules = useProgramRules(meta, 'incident')
    const [answers, setAnswers] = useState<ScreeningAnswers>({})
    const [extra, setExtra] = useState<Record<string, string>>({})
    const [submitted, setSubmitted] = useState(false)
    const outcome = screeningOutcome(answers)
    const alreadyScreened = concern.status === 'COMPLETED' && !!concern.values.CPCM_INC_SCREENING

    const values = useMemo(
        (): Record<string, string | undefined> => ({
            ...concern.values,
            CPCM_INC_SCREENING: outcome.result,
            CPCM_INC_RISK_TIER: outcome.tier,
            ...extra,
        }),
        [concern.values, outcome.result, outcome.tier, extra],
    )
    const effects = useMemo(
        () => rules({ orgUnit: concern.orgUnit, current: { stageCode: 'CPCM_INCIDENT_RECORD', occurredAt: concern.reportedOn, values }, today }),
        [rules, concern.orgUnit, concern.reportedOn, values, today],
    )
    const visible = (code: string) => !effects.hidden.has(code)
    const responseDue = typeof effects.assigned.CPCM_INC_RESPONSE_DUE === 'string' ? effects.assigned.CPCM_INC_RESPONSE_DUE : undefined
    const required = (code: string) => effects.mandatory.has(code) && visible(code)
    const missing = (code: string) => (submitted && required(code) && !values[code] ? i18n.t('Required') : undefined)
    const set = (code: string) => (value: string) => setExtra((e) => ({ ...e, [code]: value }))
    const answer = (key: keyof ScreeningAnswers) => (value: Answer) =>
        setAnswers((a) => {
            // A changed answer makes the later ones meaningless.
            const order: (keyof ScreeningAnswers)[] = ['vena', 'immediateDanger', 'safeForAWeek']
            const next: ScreeningAnswers = {}
            for (const k of order.slice(0, order.indexOf(key))) if (a[k]) next[k] = a[k]
            next[key] = value
            return next
        })

    const save = () => {
        setSubmitted(true)
        if (!outcome.result || outcome.nextQuestion) return
        if ([...effects.mandatory].some((code) => visible(code) && !values[code])) return
        if (effects.errors.length > 0) return
        void run(async () => {
            const changes: Record<string, string> = {}
            for (const code of SCREENING_FIELDS) {
                const value = code === 'CPCM_INC_RESPONSE_DUE' ? responseDue : values[code]
                changes[code] = visible(code) ? (value ?? '') : ''
            }
            const status = outcome.result === 'PENDING' ? 'ACTIVE' : 'COMPLETED'
            await importTracker(engine, { events: [updatedConcernEvent(meta, concern.json, changes, status)] })
            onSaved()
        })
    }

    if (alreadyScreened) return <ScreeningResult meta={meta} concern={concern} today={today} onIntake={() => navigate({ screen: 'intake', event: concern.json.event })} onHome={() => navigate({ screen: 'worklist' })} />

    return (
        <section aria-labelledby="cpcm-screening-title" data-test="cpcm-screening">
            <h2 id="cpcm-screening-title">{i18n.t('Screening and risk categorisation')}</h2>
            <Card>
                <div style={{ padding: 12 }}>
                    <ConcernSummary meta={meta} concern={concern} />
                </div>
            </Card>
            <form className="cpcm-form" noValidate onSubmit={(e) => { e.preventDefault(); save() }}>
                <ChoiceQuestion
                    name="vena"
                    legend={i18n.t('After verification, did violence, exploitation, neglect or abuse (VENA) occur?')}
                    definition={<VenaDefinition />}
                    options={answerOptions()}
                    value={answers.vena}
                    onChange={answer('vena')}
                    required
                    {...(submitted && !answers.vena ? { error: i18n.t('Required') } : {})}
                />
                {answers.vena === 'YES' && (
                    <ChoiceQuestion
                        name="danger"
                        legend={i18n.t('Is there an immediate, urgent threat to the child’s life or health, or is the response time-critical (for example forensic evidence)?')}
                        definition={tier1Definition()}
                        options={answerOptions()}
                        value={answers.immediateDanger}
                        onChange={answer('immediateDanger')}
                        required
                        {...(submitted && !answers.immediateDanger ? { error: i18n.t('Required') } : {})}
                    />
                )}
                {answers.immediateDanger === 'NO' && (
                    <ChoiceQuestion
                        name="week"
                        legend={i18n.t('Can the child safely stay where they are for a week?')}
                        definition={tier2Definition()}
                        options={answerOptions()}
                        value={answers.safeForAWeek}
                        onChange={answer('safeForAWeek')}
                        required
                        {...(submitted && !answers.safeForAWeek ? { error: i18n.t('Required') } : {})}
                    />
                )}
                <Outcome result={outcome.result} tier={outcome.tier} />
                {outcome.result === 'PENDING' && <NoticeBox>{i18n.t('Verify the concern, then screen it again. It stays on the list of concerns to screen.')}</NoticeBox>}
                {responseDue && (
                    <div data-test="cpcm-response-due">
                        <strong>{meta.dataElement('CPCM_INC_RESPONSE_DUE').displayName}: </strong>
                        <DueDate due={responseDue} today={today} />
                    </div>
                )}
                <RuleMessages effects={effects} />
                {outcome.tier === 'TIER1' && (
                    <NoticeBox warning title={i18n.t('Immediate actions')} dataTest="cpcm-immediate-actions">
                        <ul style={{ margin: 0, paddingLeft: 20 }}>
                            {immediateActions().map((action) => (
                                <li key={action}>{action}</li>
                            ))}
                        </ul>
                    </NoticeBox>
                )}
                {outcome.result && outcome.result !== 'PENDING' && visible('CPCM_INC_IMMEDIATE_ACTIONS') && (
                    <TextAreaField
                        name="cpcm-immediate-actions"
                        label={meta.dataElement('CPCM_INC_IMMEDIATE_ACTIONS').displayName}
                        value={values.CPCM_INC_IMMEDIATE_ACTIONS ?? ''}
                        onChange={({ value }) => set('CPCM_INC_IMMEDIATE_ACTIONS')(value ?? '')}
                        required={required('CPCM_INC_IMMEDIATE_ACTIONS')}
                        rows={3}
                        {...(missing('CPCM_INC_IMMEDIATE_ACTIONS') ? { error: true, validationText: missing('CPCM_INC_IMMEDIATE_ACTIONS') } : {})}
                    />
                )}
                {outcome.result === 'VENA' && visible('CPCM_INC_REPORTED_JUSTICE') && (
                    <ChoiceQuestion
                        name="justice"
                        legend={meta.dataElement('CPCM_INC_REPORTED_JUSTICE').displayName}
                        options={[
                            { value: 'true', label: i18n.t('Yes') },
                            { value: 'false', label: i18n.t('No') },
                        ]}
                        value={values.CPCM_INC_REPORTED_JUSTICE as 'true' | 'false' | undefined}
                        onChange={set('CPCM_INC_REPORTED_JUSTICE')}
                        required={required('CPCM_INC_REPORTED_JUSTICE')}
                        {...(missing('CPCM_INC_REPORTED_JUSTICE') ? { error: missing('CPCM_INC_REPORTED_JUSTICE') } : {})}
                    />
                )}
                {outcome.result === 'NOT_VENA' && visible('CPCM_INC_EARLY_INTERVENTION') && (
                    <>
                        <OptionField
                            field={meta.dataElement('CPCM_INC_EARLY_INTERVENTION')}
                            value={values.CPCM_INC_EARLY_INTERVENTION}
                            onChange={set('CPCM_INC_EARLY_INTERVENTION')}
                            required={required('CPCM_INC_EARLY_INTERVENTION')}
                            error={missing('CPCM_INC_EARLY_INTERVENTION')}
                        />
                        <InputField
                            name="cpcm-ei-provider"
                            label={meta.dataElement('CPCM_INC_EI_PROVIDER').displayName}
                            value={values.CPCM_INC_EI_PROVIDER ?? ''}
                            onChange={({ value }) => set('CPCM_INC_EI_PROVIDER')(value ?? '')}
                        />
                    </>
                )}
                {error && (
                    <NoticeBox error title={i18n.t('The screening was not saved')} dataTest="cpcm-screening-save-error">
                        {error.message}
                    </NoticeBox>
                )}
                <div>
                    <Button primary type="submit" loading={saving} disabled={saving} dataTest="cpcm-screening-save">
                        {i18n.t('Save the screening')}
                    </Button>
                </div>
            </form>
        </section>
    )
}

const Outcome = ({ result, tier }: { result?: string; tier?: string }) => {
    if (!result) return null
    const text =
        result === 'NOT_VENA'
            ? i18n.t('Not VENA: refer to early intervention. No case is opened.')
            : result === 'PENDING'
              ? i18n.t('Verification pending')
              : tier === 'TIER1'
                ? i18n.t('VENA, Tier 1 high risk: respond today')
                : tier === 'TIER2'
                  ? i18n.t('VENA, Tier 2 high risk: assess within seven days')
                  : i18n.t('VENA: answer the next question to set the risk tier')
    return (
        <p role="status" data-test="cpcm-screening-outcome" style={{ fontWeight: 600, margin: 0 }}>
            {i18n.t('Result')}: {text}
        </p>
    )
}

interface ResultProps {
    meta: AppMetadata
    concern: Concern
    today: string
    onIntake: () => void
    onHome: () => void
}

/** After saving: VENA goes on to intake; not VENA ends here with the early intervention referral. */
const ScreeningResult = ({ meta, concern, today, onIntake, onHome }: ResultProps) => {
    const { values } = concern
    const notVena = values.CPCM_INC_SCREENING === 'NOT_VENA'
    const enrolled = !!values.CPCM_INC_CASE_ENROLLMENT
    return (
        <section aria-labelledby="cpcm-screening-title" data-test="cpcm-screening-result">
            <h2 id="cpcm-screening-title">{i18n.t('Screening and risk categorisation')}</h2>
            <ConcernSummary meta={meta} concern={concern} />
            {notVena ? (
                <NoticeBox title={i18n.t('Referred to early intervention')} dataTest="cpcm-screening-not-vena">
                    {i18n.t('Not a child protection case. No case file or person record is created.')}{' '}
                    {values.CPCM_INC_EARLY_INTERVENTION &&
                        `${meta.dataElement('CPCM_INC_EARLY_INTERVENTION').displayName}: ${meta.optionName(meta.dataElement('CPCM_INC_EARLY_INTERVENTION'), values.CPCM_INC_EARLY_INTERVENTION)}`}
                </NoticeBox>
            ) : (
                <NoticeBox warning={values.CPCM_INC_RISK_TIER === 'TIER1'} title={meta.optionName(meta.dataElement('CPCM_INC_RISK_TIER'), values.CPCM_INC_RISK_TIER)} dataTest="cpcm-screening-vena">
                    {values.CPCM_INC_RESPONSE_DUE && (
                        <span>
                            {meta.dataElement('CPCM_INC_RESPONSE_DUE').displayName}: <DueDate due={values.CPCM_INC_RESPONSE_DUE} today={today} />
                        </span>
                    )}
                </NoticeBox>
            )}
            <ButtonStrip>
                {!notVena && !enrolled && (
                    <Button primary onClick={onIntake} dataTest="cpcm-screening-intake">
                        {i18n.t('Start the intake')}
                    </Button>
                )}
                <Button secondary onClick={onHome}>
                    {i18n.t('Back to the worklist')}
                </Button>
            </ButtonStrip>
        </section>
    )
}
