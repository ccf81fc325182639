/** Home: "my cases" and "my district", overdue first, paged by the server, names never shown. */
import i18n from '@dhis2/d2-i18n'
import { Center, CircularLoader, NoticeBox, Pagination, Tab, TabBar } from '@dhis2/ui'
import { useState } from 'react'
import { useAppMetadata } from '../../data/MetadataProvider'
import { PAGE_SIZE, type WorklistFilters as Filters, type WorklistScope } from '../../data/worklistQuery'
import { useToday } from '../../data/today'
import { useNavigation } from '../../navigation'
import { useWorklist } from './useWorklist'
import { WorklistFilters } from './WorklistFilters'
import { WorklistTable } from './WorklistTable'

export const WorklistScreen = () => {
    const meta = useAppMetadata()
    const today = useToday()
    const { navigate } = useNavigation()
    const [filters, setFilters] = useState<Filters>({ scope: 'MINE' })
    const [page, setPage] = useState(1)
    const { loading, error, data } = useWorklist(meta, filters, page, today)
    const change = (next: Filters) => {
        setFilters(next)
        setPage(1)
    }
    const scopeTab = (scope: WorklistScope, label: string) => (
        <Tab selected={filters.scope === scope} onClick={() => change({ ...filters, scope })} dataTest={`cpcm-worklist-tab-${scope.toLowerCase()}`}>
            {label}
        </Tab>
    )

    return (
        <section aria-labelledby="cpcm-worklist-title" data-test="cpcm-worklist">
            <h2 id="cpcm-worklist-title">{i18n.t('Worklist')}</h2>
            <TabBar>
                {scopeTab('MINE', i18n.t('My cases'))}
                {scopeTab('DISTRICT', i18n.t('My district'))}
            </TabBar>
            <WorklistFilters meta={meta} filters={filters} onChange={change} />
            {error && (
                <NoticeBox error title={i18n.t('Could not load the cases')} dataTest="cpcm-worklist-error">
                    {error.message}
                </NoticeBox>
            )}
            {loading && !data && (
                <Center>
                    <CircularLoader aria-label={i18n.t('Loading the cases')} />
                </Center>
            )}
            {data && data.rows.length === 0 && !loading && (
                <NoticeBox dataTest="cpcm-worklist-empty">{i18n.t('No cases match these filters')}</NoticeBox>
            )}
            {data && data.rows.length > 0 && (
                <div data-test="cpcm-worklist-ready" data-elapsed-ms={Math.round(data.elapsedMs)} aria-busy={loading}>
                    <WorklistTable meta={meta} rows={data.rows} today={today} onOpen={(enrollment) => navigate({ screen: 'case', enrollment })} />
                </div>
            )}
            {data && (data.pager.pageCount ?? 1) > 1 && (
                <Pagination
                    page={data.pager.page}
                    pageSize={data.pager.pageSize || PAGE_SIZE}
                    pageCount={data.pager.pageCount ?? 1}
                    total={data.pager.total ?? 0}
                    onPageChange={setPage}
                    hidePageSizeSelect
                    dataTest="cpcm-worklist-pagination"
                />
            )}
        </section>
    )
}
