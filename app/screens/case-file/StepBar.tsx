/** The nine steps: done, current (with its next action and due date), still to come. */
import i18n from '@dhis2/d2-i18n'
import { DueDate } from '../../components/DueDate'
import { nextActionLabel, stepLabel } from '../../components/labels'
import { STEPS, type IsoDate, type NextAction, type StepProgress } from '../../domain'

export const StepBar = ({ progress, next, today }: { progress: StepProgress; next: NextAction; today: IsoDate }) => (
    <div data-test="cpcm-step-bar">
        <ol className="cpcm-steps" aria-label={i18n.t('Case management process')}>
            {STEPS.map((step) => {
                const state = progress.current === step ? 'current' : progress.done.has(step) ? 'done' : 'todo'
                const status = state === 'current' ? i18n.t('current step') : state === 'done' ? i18n.t('done') : i18n.t('to do')
                return (
                    <li key={step} data-state={state} aria-current={state === 'current' ? 'step' : undefined} data-test={`cpcm-step-${step}`}>
                        {step}. {stepLabel(step)} <span className="cpcm-visually-hidden">({status})</span>
                        {state === 'done' ? ' ✓' : ''}
                    </li>
                )
            })}
        </ol>
        <div data-test="cpcm-next-action">
            <strong>{i18n.t('Next action')}: </strong>
            {nextActionLabel(next.kind)} <DueDate {...(next.due ? { due: next.due } : {})} today={today} />
        </div>
    </div>
)
