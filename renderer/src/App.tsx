import { useMemo } from 'react'
import { Center, Loader } from '@mantine/core'
import { createHashRouter, RouterProvider } from 'react-router'
import { AppLayout } from './shell/AppLayout'
import { HomeScreen } from './shell/HomeScreen'
import { LoginScreen } from './shell/LoginScreen'
import { uiModules } from './shell/modules'
import { Guarded, NotFound } from './shell/RouteGuard'
import { useSession } from './shell/session'

function AuthedApp() {
  const router = useMemo(
    () =>
      createHashRouter([
        {
          path: '/',
          element: <AppLayout />,
          children: [
            { index: true, element: <HomeScreen /> },
            ...uiModules.flatMap((m) =>
              m.routes.map((r) => ({ path: r.path, element: <Guarded permission={r.permission} element={r.element} /> })),
            ),
            { path: '*', element: <NotFound /> },
          ],
        },
      ]),
    [],
  )
  return <RouterProvider router={router} />
}

export function App() {
  const { status } = useSession()
  if (status === 'loading')
    return (
      <Center h="100dvh">
        <Loader />
      </Center>
    )
  return status === 'authed' ? <AuthedApp /> : <LoginScreen />
}
