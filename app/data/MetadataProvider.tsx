/** Loads the server's CPCM metadata once and offers it, indexed by code, to every screen. */
import { useDataQuery } from '@dhis2/app-runtime'
import i18n from '@dhis2/d2-i18n'
import { Center, CircularLoader, NoticeBox } from '@dhis2/ui'
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { buildAppMetadata, MetadataMissingError, type AppMetadata } from './appMetadata'
import { metadataQuery, type MetadataQueryResult } from './metadataQuery'

const MetadataContext = createContext<AppMetadata | undefined>(undefined)

export const useAppMetadata = (): AppMetadata => {
    const meta = useContext(MetadataContext)
    if (!meta) throw new Error('useAppMetadata outside MetadataProvider')
    return meta
}

export const MetadataProvider = ({ children }: { children: ReactNode }) => {
    const { loading, error, data } = useDataQuery<MetadataQueryResult>(metadataQuery)
    const built = useMemo(() => {
        if (!data) return undefined
        try {
            return { meta: buildAppMetadata(data) }
        } catch (e) {
            if (e instanceof MetadataMissingError) return { missing: e.missing }
            throw e
        }
    }, [data])

    if (loading) {
        return (
            <Center>
                <CircularLoader aria-label={i18n.t('Loading the case programme')} dataTest="cpcm-metadata-loading" />
            </Center>
        )
    }
    if (error) {
        return (
            <NoticeBox error title={i18n.t('Could not load the case programme')} dataTest="cpcm-metadata-error">
                {error.message}
            </NoticeBox>
        )
    }
    if (!built?.meta) {
        return (
            <NoticeBox warning title={i18n.t('The CPCM metadata package is not installed on this server')} dataTest="cpcm-metadata-missing">
                {i18n.t('Missing: {{codes}}', { codes: (built?.missing ?? []).join(', ') })}
            </NoticeBox>
        )
    }
    return <MetadataContext.Provider value={built.meta}>{children}</MetadataContext.Provider>
}
