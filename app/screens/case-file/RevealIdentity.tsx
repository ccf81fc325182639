/**
 * Names and contacts stay hidden until the user gives a reason. Then: read them (breaking
 * the glass with DHIS2's ownership override when the case is owned outside the user's
 * org units), record the access in the case-file register, and only then show them.
 */
import { useDataEngine } from '@dhis2/app-runtime'
import i18n from '@dhis2/d2-i18n'
import { Button, ButtonStrip, Modal, ModalActions, ModalContent, ModalTitle, NoticeBox, TextAreaField } from '@dhis2/ui'
import { useState } from 'react'
import { useSave } from '../../components/useSave'
import type { AppMetadata } from '../../data/appMetadata'
import { recordFileAccess } from '../../data/fileRegister'
import { valuesByCode, type TrackedEntityJson } from '../../data/tracker'

export const IDENTIFYING = ['CPCM_FIRST_NAME', 'CPCM_LAST_NAME', 'CPCM_DATE_OF_BIRTH', 'CPCM_NATIONAL_ID', 'CPCM_CAREGIVER_NAME', 'CPCM_CAREGIVER_PHONE'] as const

type Engine = ReturnType<typeof useDataEngine>

const isOwnershipDenied = (error: unknown) => {
    const details = (error as { details?: { httpStatusCode?: number; errorCode?: string; message?: string } }).details
    return details?.httpStatusCode === 403 || details?.errorCode === 'E1006' || /OWNERSHIP_ACCESS_DENIED/.test(details?.message ?? '')
}

async function readIdentity(engine: Engine, meta: AppMetadata, trackedEntity: string, reason: string) {
    const read = () =>
        engine.query({
            te: { resource: 'tracker/trackedEntities', id: trackedEntity, params: { program: meta.caseProgram.id, fields: 'trackedEntity,attributes[attribute,value]' } },
        }) as Promise<{ te: TrackedEntityJson }>
    try {
        return { te: (await read()).te, ownershipOverride: false }
    } catch (error) {
        if (!isOwnershipDenied(error)) throw error
        await engine.mutate({
            resource: 'tracker/ownership/override',
            type: 'create',
            params: { trackedEntity, program: meta.caseProgram.id, reason },
            data: {},
        })
        return { te: (await read()).te, ownershipOverride: true }
    }
}

interface Props {
    meta: AppMetadata
    trackedEntity: string
    childCode?: string
}

export const RevealIdentity = ({ meta, trackedEntity, childCode }: Props) => {
    const engine = useDataEngine()
    const { saving, error, run } = useSave()
    const [asking, setAsking] = useState(false)
    const [reason, setReason] = useState('')
    const [tooShort, setTooShort] = useState(false)
    const [shown, setShown] = useState<{ values: Record<string, string>; ownershipOverride: boolean } | undefined>()

    const confirm = () => {
        if (reason.trim().length < 10) {
            setTooShort(true)
            return
        }
        void run(async () => {
            const { te, ownershipOverride } = await readIdentity(engine, meta, trackedEntity, reason.trim())
            const all = valuesByCode(te.attributes, (a) => a.attribute, meta.attributeCode)
            const values = Object.fromEntries(IDENTIFYING.filter((code) => all[code]).map((code) => [code, all[code] ?? '']))
            await recordFileAccess(engine, {
                action: 'REVEAL_IDENTITY',
                username: meta.me.username,
                reason: reason.trim(),
                trackedEntity,
                ...(childCode ? { childCode } : {}),
                fields: Object.keys(values),
                ownershipOverride,
            })
            setShown({ values, ownershipOverride })
            setAsking(false)
            setReason('')
        })
    }

    if (shown) {
        return (
            <section aria-label={i18n.t('Identifying details')} data-test="cpcm-identity-shown">
                {shown.ownershipOverride && <NoticeBox warning>{i18n.t('You are outside the org unit that owns this case: access was granted temporarily and audited by DHIS2.')}</NoticeBox>}
                <dl>
                    {Object.entries(shown.values).map(([code, value]) => (
                        <div key={code}>
                            <dt style={{ fontWeight: 600 }}>{meta.attribute(code).displayName}</dt>
                            <dd style={{ margin: '0 0 6px' }}>{value}</dd>
                        </div>
                    ))}
                </dl>
                {Object.keys(shown.values).length === 0 && <p>{i18n.t('No identifying details are recorded.')}</p>}
                <Button small secondary onClick={() => setShown(undefined)}>
                    {i18n.t('Hide identifying details')}
                </Button>
            </section>
        )
    }

    return (
        <div data-test="cpcm-identity-hidden">
            <p style={{ margin: '0 0 6px' }}>{i18n.t('Names and contacts are hidden.')}</p>
            <Button small onClick={() => setAsking(true)} dataTest="cpcm-reveal">
                {i18n.t('Show identifying details')}
            </Button>
            {asking && (
                <Modal onClose={() => setAsking(false)} dataTest="cpcm-reveal-modal" aria-labelledby="cpcm-reveal-title">
                    <ModalTitle>
                        <span id="cpcm-reveal-title">{i18n.t('Why do you need the identifying details?')}</span>
                    </ModalTitle>
                    <ModalContent>
                        <p>{i18n.t('Your reason, your name and the time are recorded in the case-file register.')}</p>
                        <TextAreaField
                            name="cpcm-reveal-reason"
                            label={i18n.t('Reason')}
                            value={reason}
                            onChange={({ value }) => setReason(value ?? '')}
                            required
                            rows={3}
                            {...(tooShort ? { error: true, validationText: i18n.t('Give a reason of at least 10 characters') } : {})}
                        />
                        {error && (
                            <NoticeBox error title={i18n.t('The details were not shown')} dataTest="cpcm-reveal-error">
                                {error.message}
                            </NoticeBox>
                        )}
                    </ModalContent>
                    <ModalActions>
                        <ButtonStrip end>
                            <Button secondary onClick={() => setAsking(false)}>
                                {i18n.t('Cancel')}
                            </Button>
                            <Button primary onClick={confirm} loading={saving} disabled={saving} dataTest="cpcm-reveal-confirm">
                                {i18n.t('Record the reason and show')}
                            </Button>
                        </ButtonStrip>
                    </ModalActions>
                </Modal>
            )}
        </div>
    )
}
