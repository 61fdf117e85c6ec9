import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { DirectionProvider, MantineProvider } from '@mantine/core'
import { ModalsProvider } from '@mantine/modals'
import { Notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import '@fontsource-variable/inter/index.css'
import '@fontsource-variable/noto-sans-arabic/index.css'
import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import '@mantine/spotlight/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/charts/styles.css'
import './styles.css'
import { dirOf, storedLanguage } from './i18n'
import { isRpcFailure } from './api/client'
import { SessionProvider } from './shell/session'
import { QUICK_CLOSE_MS, installNotificationTiming } from './shell/notification-timing'
import { theme } from './theme'
import { App } from './App'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Retry transport failures only; a business error (FORBIDDEN, VALIDATION…) will not change.
      retry: (count, e) => (!isRpcFailure(e) || e.code === 'NETWORK') && count < 2,
    },
  },
})

installNotificationTiming()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DirectionProvider initialDirection={dirOf(storedLanguage())} detectDirection>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <ModalsProvider>
          <Notifications position="top-right" limit={4} autoClose={QUICK_CLOSE_MS} />
          <QueryClientProvider client={queryClient}>
            <SessionProvider>
              <App />
            </SessionProvider>
          </QueryClientProvider>
        </ModalsProvider>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
)
