import i18n from '@dhis2/d2-i18n'
import { NoticeBox } from '@dhis2/ui'
import type { ProgrammeStage } from '../data/caseProgrammeQuery'
import { stagesInOrder } from '../data/stagesInOrder'

interface ProcessStagesProps {
    stages?: ProgrammeStage[]
}

/** The programme stages, in order, as the frame of the nine-step case management process. */
export const ProcessStages = ({ stages }: ProcessStagesProps) => {
    const ordered = stagesInOrder(stages)

    if (ordered.length === 0) {
        return (
            <NoticeBox warning dataTest="cpcm-process-stages-empty">
                {i18n.t('The case programme has no stages')}
            </NoticeBox>
        )
    }

    return (
        <ol aria-label={i18n.t('Case management process')} data-test="cpcm-process-stages">
            {ordered.map((stage) => (
                <li key={stage.id} data-test="cpcm-process-stage">
                    {stage.displayName}
                </li>
            ))}
        </ol>
    )
}
