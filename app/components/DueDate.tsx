import { Tag } from '@dhis2/ui'
import { dueStatus, type IsoDate } from '../domain'
import { dueStatusLabel } from './labels'

/** A due date with its state as text (never colour alone): overdue, due today, upcoming. */
export const DueDate = ({ due, today }: { due?: IsoDate; today: IsoDate }) => {
    const status = dueStatus(due, today)
    if (status === 'NONE') return <span data-test="cpcm-due-none">{dueStatusLabel(status)}</span>
    return (
        <span data-test="cpcm-due" data-status={status}>
            <Tag negative={status === 'OVERDUE'} neutral={status === 'TODAY'} dataTest={`cpcm-due-${status.toLowerCase()}`}>
                {dueStatusLabel(status)}
            </Tag>{' '}
            <time dateTime={due}>{due}</time>
        </span>
    )
}
