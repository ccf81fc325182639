/** Concerns to screen and concerns awaiting intake, oldest first, each with its next step. */
import i18n from '@dhis2/d2-i18n'
import { Button, Center, CircularLoader, DataTable, DataTableBody, DataTableCell, DataTableColumnHeader, DataTableHead, DataTableRow, NoticeBox, Pagination, Tab, TabBar } from '@dhis2/ui'
import { useState } from 'react'
import { DueDate } from '../../components/DueDate'
import { concernsQuery, type ConcernList } from '../../data/concernsQuery'
import { useAppMetadata } from '../../data/MetadataProvider'
import { readPage, type TrackerEventJson, type TrackerPage } from '../../data/tracker'
import { useToday } from '../../data/today'
import { toConcern } from '../../data/useConcern'
import { useEngineQuery } from '../../data/useEngineQuery'
import { useNavigation } from '../../navigation'
import { tierLabel } from '../worklist/WorklistTable'

export const ConcernsScreen = () => {
    const meta = useAppMetadata()
    const today = useToday()
    const { navigate } = useNavigation()
    const [list, setList] = useState<ConcernList>('TO_SCREEN')
    const [page, setPage] = useState(1)
    const { loading, error, data } = useEngineQuery(`${list}:${page}`, async (engine) => {
        const result = (await engine.query({ events: concernsQuery(meta, list, page) })) as { events: TrackerPage<'events', TrackerEventJson> }
        const { items, pager } = readPage(result.events, 'events')
        return { concerns: items.map((e) => toConcern(meta, e)), pager }
    })
    const option = (code: string, value: string | undefined) => meta.optionName(meta.dataElement(code), value)
    const tab = (value: ConcernList, label: string) => (
        <Tab selected={list === value} onClick={() => { setList(value); setPage(1) }}>
            {label}
        </Tab>
    )

    return (
        <section aria-labelledby="cpcm-concerns-title" data-test="cpcm-concerns">
            <h2 id="cpcm-concerns-title">{i18n.t('Concerns to screen')}</h2>
            <TabBar>
                {tab('TO_SCREEN', i18n.t('To screen'))}
                {tab('AWAITING_INTAKE', i18n.t('Awaiting intake'))}
            </TabBar>
            {error && <NoticeBox error title={i18n.t('Could not load the concerns')}>{error.message}</NoticeBox>}
            {loading && !data && (
                <Center>
                    <CircularLoader aria-label={i18n.t('Loading the concerns')} />
                </Center>
            )}
            {data && data.concerns.length === 0 && !loading && <NoticeBox dataTest="cpcm-concerns-empty">{i18n.t('No concerns here')}</NoticeBox>}
            {data && data.concerns.length > 0 && (
                <DataTable dataTest="cpcm-concerns-table">
                    <DataTableHead>
                        <DataTableRow>
                            <DataTableColumnHeader>{i18n.t('Date reported')}</DataTableColumnHeader>
                            <DataTableColumnHeader>{meta.dataElement('CPCM_INC_CHANNEL').displayName}</DataTableColumnHeader>
                            <DataTableColumnHeader>{meta.dataElement('CPCM_INC_CASE_TYPE').displayName}</DataTableColumnHeader>
                            <DataTableColumnHeader>{i18n.t('Risk tier')}</DataTableColumnHeader>
                            <DataTableColumnHeader>{i18n.t('Due')}</DataTableColumnHeader>
                            <DataTableColumnHeader>{i18n.t('Next action')}</DataTableColumnHeader>
                        </DataTableRow>
                    </DataTableHead>
                    <DataTableBody>
                        {data.concerns.map((c) => (
                            <DataTableRow key={c.json.event} dataTest="cpcm-concern-row">
                                <DataTableCell>{c.reportedOn}</DataTableCell>
                                <DataTableCell>{option('CPCM_INC_CHANNEL', c.values.CPCM_INC_CHANNEL)}</DataTableCell>
                                <DataTableCell>{option('CPCM_INC_CASE_TYPE', c.values.CPCM_INC_CASE_TYPE)}</DataTableCell>
                                <DataTableCell>{tierLabel(c.values.CPCM_INC_RISK_TIER)}</DataTableCell>
                                <DataTableCell>
                                    <DueDate {...(c.values.CPCM_INC_RESPONSE_DUE ? { due: c.values.CPCM_INC_RESPONSE_DUE } : {})} today={today} />
                                </DataTableCell>
                                <DataTableCell>
                                    {list === 'TO_SCREEN' ? (
                                        <Button small onClick={() => navigate({ screen: 'screening', event: c.json.event })}>
                                            {i18n.t('Screen')}
                                        </Button>
                                    ) : (
                                        <Button small primary onClick={() => navigate({ screen: 'intake', event: c.json.event })}>
                                            {i18n.t('Start the intake')}
                                        </Button>
                                    )}
                                </DataTableCell>
                            </DataTableRow>
                        ))}
                    </DataTableBody>
                </DataTable>
            )}
            {data && (data.pager.pageCount ?? 1) > 1 && (
                <Pagination page={data.pager.page} pageSize={data.pager.pageSize} pageCount={data.pager.pageCount ?? 1} total={data.pager.total ?? 0} onPageChange={setPage} hidePageSizeSelect />
            )}
        </section>
    )
}
