/**
 * Steps 1 and 2: record a concern in the register of reported incidents, VENA or not.
 * Short, one column, usable on a phone; no names: the child is described by age and sex.
 */
import { useDataEngine } from '@dhis2/app-runtime'
import i18n from '@dhis2/d2-i18n'
import { Button, InputField, NoticeBox, SimpleSingleSelectField, TextAreaField } from '@dhis2/ui'
import { useState } from 'react'
import { OptionField } from '../../components/OptionField'
import { useSave } from '../../components/useSave'
import { newConcernEvent } from '../../data/concernPayloads'
import { useAppMetadata } from '../../data/MetadataProvider'
import { useToday } from '../../data/today'
import { importTracker } from '../../data/trackerImport'
import { generateUid } from '../../data/uid'
import { isIsoDate } from '../../domain'
import { useNavigation } from '../../navigation'

type Form = Record<string, string | undefined>

const REQUIRED = ['orgUnit', 'reportedOn', 'CPCM_INC_REPORTER_TYPE', 'CPCM_INC_CHANNEL'] as const

export const RegisterConcernScreen = () => {
    const meta = useAppMetadata()
    const today = useToday()
    const engine = useDataEngine()
    const { navigate } = useNavigation()
    const { saving, error, run } = useSave()
    const choices = meta.me.orgUnitChoices
    const [form, setForm] = useState<Form>({ reportedOn: today, ...(choices.length === 1 ? { orgUnit: choices[0]?.id } : {}) })
    const [submitted, setSubmitted] = useState(false)
    const set = (key: string) => (value: string) => setForm((f) => ({ ...f, [key]: value }))
    const missing = (key: string) => submitted && !form[key] ? i18n.t('Required') : undefined
    const age = form.CPCM_INC_CHILD_AGE
    const ageError = age && !/^\d{1,2}$/.test(age) ? i18n.t('Enter the age in whole years') : undefined
    const dateError = form.reportedOn && (!isIsoDate(form.reportedOn) || form.reportedOn > today) ? i18n.t('Enter a date that is not in the future') : undefined
    const field = (code: string) => meta.dataElement(code)

    const save = () => {
        setSubmitted(true)
        if (REQUIRED.some((key) => !form[key]) || ageError || dateError) return
        void run(async () => {
            const event = generateUid()
            const { orgUnit = '', reportedOn = today, ...values } = form
            await importTracker(engine, { events: [newConcernEvent(meta, { event, orgUnit, reportedOn, values })] })
            navigate({ screen: 'screening', event })
        })
    }

    return (
        <section aria-labelledby="cpcm-register-title" data-test="cpcm-register">
            <h2 id="cpcm-register-title">{i18n.t('Register a concern')}</h2>
            <p className="cpcm-definition">
                {i18n.t('Record every concern, whether or not it turns out to be violence, exploitation, neglect or abuse. Write no names here.')}
            </p>
            <form
                className="cpcm-form"
                noValidate
                onSubmit={(e) => {
                    e.preventDefault()
                    save()
                }}
            >
                <OptionField field={field('CPCM_INC_REPORTER_TYPE')} value={form.CPCM_INC_REPORTER_TYPE} onChange={set('CPCM_INC_REPORTER_TYPE')} required error={missing('CPCM_INC_REPORTER_TYPE')} />
                <OptionField field={field('CPCM_INC_CHANNEL')} value={form.CPCM_INC_CHANNEL} onChange={set('CPCM_INC_CHANNEL')} required error={missing('CPCM_INC_CHANNEL')} />
                <SimpleSingleSelectField
                    name="cpcm-concern-orgunit"
                    label={i18n.t('Where the child is')}
                    options={choices.map((ou) => ({ value: ou.id, label: ou.displayName }))}
                    value={form.orgUnit ?? ''}
                    onChange={set('orgUnit')}
                    required
                    placeholder={i18n.t('Choose an option')}
                    {...(missing('orgUnit') ? { error: true, validationText: missing('orgUnit') } : {})}
                />
                <InputField
                    name="cpcm-concern-reported"
                    type="date"
                    label={i18n.t('Date reported')}
                    value={form.reportedOn ?? ''}
                    max={today}
                    onChange={({ value }) => set('reportedOn')(value ?? '')}
                    required
                    {...(missing('reportedOn') || dateError ? { error: true, validationText: missing('reportedOn') ?? dateError } : {})}
                />
                <InputField
                    name="cpcm-concern-incident-date"
                    type="date"
                    label={field('CPCM_INC_INCIDENT_DATE').displayName}
                    value={form.CPCM_INC_INCIDENT_DATE ?? ''}
                    max={today}
                    onChange={({ value }) => set('CPCM_INC_INCIDENT_DATE')(value ?? '')}
                />
                <TextAreaField
                    name="cpcm-concern-description"
                    label={field('CPCM_INC_DESCRIPTION').displayName}
                    helpText={i18n.t('What happened, where and when. No names: identifying details belong in the confidential case file.')}
                    value={form.CPCM_INC_DESCRIPTION ?? ''}
                    onChange={({ value }) => set('CPCM_INC_DESCRIPTION')(value ?? '')}
                    rows={4}
                />
                <InputField
                    name="cpcm-concern-age"
                    type="number"
                    inputWidth="8em"
                    label={field('CPCM_INC_CHILD_AGE').displayName}
                    value={age ?? ''}
                    min="0"
                    max="17"
                    onChange={({ value }) => set('CPCM_INC_CHILD_AGE')(value ?? '')}
                    {...(ageError ? { error: true, validationText: ageError } : {})}
                />
                <OptionField field={field('CPCM_INC_CHILD_SEX')} value={form.CPCM_INC_CHILD_SEX} onChange={set('CPCM_INC_CHILD_SEX')} />
                <OptionField field={field('CPCM_INC_CASE_TYPE')} value={form.CPCM_INC_CASE_TYPE} onChange={set('CPCM_INC_CASE_TYPE')} />
                {error && (
                    <NoticeBox error title={i18n.t('The concern was not saved')} dataTest="cpcm-register-error">
                        {error.message}
                    </NoticeBox>
                )}
                <div>
                    <Button primary type="submit" loading={saving} disabled={saving} dataTest="cpcm-register-save">
                        {i18n.t('Save and screen')}
                    </Button>
                </div>
            </form>
        </section>
    )
}
