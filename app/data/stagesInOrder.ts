import type { ProgrammeStage } from './caseProgrammeQuery'

/**
 * Stages sorted by sortOrder (the API does not guarantee it); stages without
 * a sortOrder go last, ties keep the server's order.
 */
export const stagesInOrder = (stages: readonly ProgrammeStage[] = []): ProgrammeStage[] =>
    stages
        .map((stage, index) => ({ stage, index }))
        .sort(
            (a, b) =>
                (a.stage.sortOrder ?? Number.POSITIVE_INFINITY) -
                    (b.stage.sortOrder ?? Number.POSITIVE_INFINITY) || a.index - b.index
        )
        .map(({ stage }) => stage)
