/** "Today" for deadlines and rules: the user's local date, overridable in tests. */
import { createContext, useContext } from 'react'
import { localIsoDate, type IsoDate } from '../domain'

export const TodayContext = createContext<IsoDate | undefined>(undefined)

export const useToday = (): IsoDate => useContext(TodayContext) ?? localIsoDate()
