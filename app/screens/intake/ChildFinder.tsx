/**
 * Find the child: by child code, or by name only after giving a reason that goes to the
 * case-file register first. Results show the child code and the number of cases, never names.
 */
import { useDataEngine } from '@dhis2/app-runtime'
import i18n from '@dhis2/d2-i18n'
import { Button, InputField, NoticeBox, TextAreaField } from '@dhis2/ui'
import { useState } from 'react'
import { useSave } from '../../components/useSave'
import type { AppMetadata } from '../../data/appMetadata'
import { CHILD_CODE } from '../../data/caseSnapshot'
import { recordFileAccess } from '../../data/fileRegister'
import { readPage, valuesByCode, type TrackedEntityJson, type TrackerPage } from '../../data/tracker'

export interface FoundChild {
    trackedEntity: string
    childCode?: string
    cases: number
    /** The child's open case: DHIS2 allows one active enrolment per programme. */
    activeCase?: string
}

interface Props {
    meta: AppMetadata
    onChoose: (child: FoundChild) => void
}

const MIN_REASON = 10

export const ChildFinder = ({ meta, onChoose }: Props) => {
    const engine = useDataEngine()
    const { saving, error, run } = useSave()
    const [code, setCode] = useState('')
    const [byName, setByName] = useState(false)
    const [reason, setReason] = useState('')
    const [names, setNames] = useState({ first: '', last: '' })
    const [found, setFound] = useState<FoundChild[] | undefined>()
    const [reasonMissing, setReasonMissing] = useState(false)
    const attr = (c: string) => meta.attribute(c).id

    const search = async (filter: string[]) => {
        const result = (await engine.query({
            children: {
                resource: 'tracker/trackedEntities',
                params: {
                    trackedEntityType: meta.caseProgram.trackedEntityType ?? '',
                    filter,
                    fields: 'trackedEntity,attributes[attribute,value],enrollments[enrollment,program,status]',
                    pageSize: 10,
                },
            },
        })) as { children: TrackerPage<'trackedEntities', TrackedEntityJson> }
        const { items } = readPage(result.children, 'trackedEntities')
        setFound(
            items.map((te) => {
                const childCode = valuesByCode(te.attributes, (a) => a.attribute, (id) => (meta.attributeCode(id) === CHILD_CODE ? CHILD_CODE : undefined))[CHILD_CODE]
                const cases = (te.enrollments ?? []).filter((e) => e.program === undefined || e.program === meta.caseProgram.id)
                const active = cases.find((e) => e.status === 'ACTIVE')
                return {
                    trackedEntity: te.trackedEntity,
                    ...(childCode ? { childCode } : {}),
                    cases: cases.length,
                    ...(active ? { activeCase: active.enrollment } : {}),
                }
            }),
        )
    }

    const searchByCode = () => code.trim() && void run(() => search([`${attr(CHILD_CODE)}:eq:${code.trim()}`]))
    const searchByName = () => {
        if (reason.trim().length < MIN_REASON) {
            setReasonMissing(true)
            return
        }
        setReasonMissing(false)
        const filter = [
            ...(names.first.trim() ? [`${attr('CPCM_FIRST_NAME')}:like:${names.first.trim()}`] : []),
            ...(names.last.trim() ? [`${attr('CPCM_LAST_NAME')}:like:${names.last.trim()}`] : []),
        ]
        if (filter.length === 0) return
        // The register entry comes first: no entry, no search.
        void run(async () => {
            await recordFileAccess(engine, { action: 'NAME_SEARCH', username: meta.me.username, reason: reason.trim(), fields: ['CPCM_FIRST_NAME', 'CPCM_LAST_NAME'] })
            await search(filter)
        })
    }

    return (
        <div data-test="cpcm-child-finder" className="cpcm-form">
            <InputField
                name="cpcm-find-child-code"
                label={i18n.t('Child code')}
                helpText={i18n.t('The child code is on every case of the child, for example GAS-KAC-AB1234.')}
                value={code}
                onChange={({ value }) => setCode(value ?? '')}
            />
            <div>
                <Button onClick={searchByCode} loading={saving} dataTest="cpcm-find-by-code">
                    {i18n.t('Find by child code')}
                </Button>{' '}
                <Button secondary onClick={() => setByName((b) => !b)} aria-expanded={byName}>
                    {i18n.t('Search by name instead')}
                </Button>
            </div>
            {byName && (
                <fieldset style={{ border: '1px solid #d5dde5', padding: 12 }} data-test="cpcm-find-by-name">
                    <legend>{i18n.t('Search by name')}</legend>
                    <NoticeBox warning>{i18n.t('Names are confidential. Your reason, your name and the time are recorded in the case-file register before the search.')}</NoticeBox>
                    <TextAreaField
                        name="cpcm-name-search-reason"
                        label={i18n.t('Reason for searching by name')}
                        value={reason}
                        onChange={({ value }) => setReason(value ?? '')}
                        required
                        rows={2}
                        {...(reasonMissing ? { error: true, validationText: i18n.t('Give a reason of at least 10 characters') } : {})}
                    />
                    <InputField name="cpcm-name-first" label={meta.attribute('CPCM_FIRST_NAME').displayName} value={names.first} onChange={({ value }) => setNames((n) => ({ ...n, first: value ?? '' }))} />
                    <InputField name="cpcm-name-last" label={meta.attribute('CPCM_LAST_NAME').displayName} value={names.last} onChange={({ value }) => setNames((n) => ({ ...n, last: value ?? '' }))} />
                    <Button onClick={searchByName} loading={saving} dataTest="cpcm-find-by-name-search">
                        {i18n.t('Record the reason and search')}
                    </Button>
                </fieldset>
            )}
            {error && (
                <NoticeBox error title={i18n.t('The search failed')}>
                    {error.message}
                </NoticeBox>
            )}
            {found && found.length === 0 && <NoticeBox dataTest="cpcm-child-not-found">{i18n.t('No child found. Register a new child below.')}</NoticeBox>}
            {found && found.length > 0 && (
                <ul aria-label={i18n.t('Children found')} data-test="cpcm-children-found" style={{ paddingLeft: 0, listStyle: 'none' }}>
                    {found.map((child) => (
                        <li key={child.trackedEntity} style={{ marginBottom: 6 }}>
                            <strong>{child.childCode ?? i18n.t('No child code')}</strong>{' '}
                            {i18n.t('{{count}} case(s)', { count: child.cases })}{' '}
                            <Button small onClick={() => onChoose(child)} dataTest="cpcm-choose-child">
                                {i18n.t('Open a case for this child')}
                            </Button>
                        </li>
                    ))}
                </ul>
            )}
        </div>
    )
}
