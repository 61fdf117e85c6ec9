import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { useMantineColorScheme } from '@mantine/core'
import type { LoginResult, SessionUser } from '../../../modules/core/contract'
import { getToken, invoke, setSessionLostHandler, setToken, subscribeEvents } from '../api/client'
import { dispatchPush } from '../api/events'
import { rpcKey } from '../api/hooks'
import { useUiLanguage } from './language'

type Status = 'loading' | 'anon' | 'authed'

interface SessionValue {
  status: Status
  user: SessionUser | null
  /** i18n key of a message to show on the login screen (session expired, signed out). */
  loginMessage: string | null
  login(username: string, password: string): Promise<void>
  logout(): Promise<void>
  can(permission: string): boolean
}

const SessionContext = createContext<SessionValue | null>(null)

export function useSession(): SessionValue {
  const v = useContext(SessionContext)
  if (!v) throw new Error('useSession outside SessionProvider')
  return v
}

/** The signed-in user (only valid inside the authenticated shell). */
export function useUser(): SessionUser {
  const { user } = useSession()
  if (!user) throw new Error('no user')
  return user
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient()
  const { setColorScheme } = useMantineColorScheme()
  const { setLanguage } = useUiLanguage()
  const [status, setStatus] = useState<Status>(getToken() ? 'loading' : 'anon')
  const [user, setUser] = useState<SessionUser | null>(null)
  const [loginMessage, setLoginMessage] = useState<string | null>(null)

  const restorePreferences = useCallback(
    async (u: SessionUser) => {
      let prefs: Record<string, unknown> = {}
      try {
        prefs = await invoke('core.preferences.get', {})
      } catch {
        /* keep defaults */
      }
      qc.setQueryData(rpcKey('core.preferences.get', {}), prefs)
      const lang = prefs['ui.language']
      setLanguage(lang === 'fr' || lang === 'ar' || lang === 'en' ? lang : u.language, { persist: false })
      // Per user: without a saved choice, back to light (not the scheme the previous user left behind).
      setColorScheme(prefs['ui.colorScheme'] === 'dark' ? 'dark' : 'light')
    },
    [qc, setLanguage, setColorScheme],
  )

  const enter = useCallback(
    async (u: SessionUser) => {
      await restorePreferences(u)
      setUser(u)
      setLoginMessage(null)
      setStatus('authed')
    },
    [restorePreferences],
  )

  const drop = useCallback(
    (message: string | null) => {
      setToken(null)
      qc.clear()
      setUser(null)
      setLoginMessage(message)
      setStatus('anon')
    },
    [qc],
  )

  useEffect(() => {
    setSessionLostHandler((code) => drop(code === 'SESSION_EXPIRED' ? 'errors.SESSION_EXPIRED' : 'login.sessionEnded'))
    return () => setSessionLostHandler(null)
  }, [drop])

  // Resume a session kept across a reload.
  useEffect(() => {
    if (status !== 'loading') return
    invoke('core.session.me', {})
      .then(enter)
      .catch(() => drop(null))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // One event subscription per session.
  useEffect(() => {
    if (status !== 'authed') return
    return subscribeEvents(dispatchPush)
  }, [status])

  const login = useCallback(
    async (username: string, password: string) => {
      const res: LoginResult = await invoke('core.session.login', { username, password })
      setToken(res.token)
      await enter(res.user)
    },
    [enter],
  )

  const logout = useCallback(async () => {
    try {
      await invoke('core.session.logout', {})
    } catch {
      /* the session is dropped locally anyway */
    }
    drop('login.loggedOut')
  }, [drop])

  const value = useMemo<SessionValue>(
    () => ({
      status,
      user,
      loginMessage,
      login,
      logout,
      can: (p) => p === 'signed-in' || !!user?.permissions.includes(p),
    }),
    [status, user, loginMessage, login, logout],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}
