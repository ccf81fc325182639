import i18n from '@dhis2/d2-i18n'
import { Button, DataTable, DataTableBody, DataTableCell, DataTableColumnHeader, DataTableHead, DataTableRow } from '@dhis2/ui'
import { DueDate } from '../../components/DueDate'
import { nextActionLabel, stepLabel } from '../../components/labels'
import type { AppMetadata } from '../../data/appMetadata'
import type { WorklistCaseRow } from '../../data/worklistQuery'
import type { IsoDate } from '../../domain'

interface Props {
    meta: AppMetadata
    rows: WorklistCaseRow[]
    today: IsoDate
    onOpen: (enrollment: string) => void
}

export const tierLabel = (tier: string | undefined) => (tier === 'TIER1' ? i18n.t('Tier 1') : tier === 'TIER2' ? i18n.t('Tier 2') : '')

/** The cases of one page; the child is named by the child code only. */
export const WorklistTable = ({ meta, rows, today, onOpen }: Props) => {
    const caseType = meta.dataElement('CPCM_INT_CASE_TYPE')
    return (
        <DataTable dataTest="cpcm-worklist-table" scrollWidth="100%">
            <DataTableHead>
                <DataTableRow>
                    <DataTableColumnHeader>{i18n.t('Child code')}</DataTableColumnHeader>
                    <DataTableColumnHeader>{i18n.t('Case type')}</DataTableColumnHeader>
                    <DataTableColumnHeader>{i18n.t('Risk tier')}</DataTableColumnHeader>
                    <DataTableColumnHeader>{i18n.t('Current step')}</DataTableColumnHeader>
                    <DataTableColumnHeader>{i18n.t('Next action')}</DataTableColumnHeader>
                    <DataTableColumnHeader>{i18n.t('Due')}</DataTableColumnHeader>
                </DataTableRow>
            </DataTableHead>
            <DataTableBody>
                {rows.map((row) => (
                    <DataTableRow key={row.enrollment} dataTest="cpcm-worklist-row">
                        <DataTableCell>
                            <Button small secondary onClick={() => onOpen(row.enrollment)} dataTest="cpcm-worklist-open">
                                {row.childCode ?? i18n.t('No child code')}
                            </Button>
                        </DataTableCell>
                        <DataTableCell>{meta.optionName(caseType, row.caseType)}</DataTableCell>
                        <DataTableCell>{tierLabel(row.tier)}</DataTableCell>
                        <DataTableCell>{row.step ? `${row.step}. ${stepLabel(row.step)}` : i18n.t('Closed')}</DataTableCell>
                        <DataTableCell>{nextActionLabel(row.next.kind)}</DataTableCell>
                        <DataTableCell>
                            <DueDate {...(row.next.due ? { due: row.next.due } : {})} today={today} />
                        </DataTableCell>
                    </DataTableRow>
                ))}
            </DataTableBody>
        </DataTable>
    )
}
