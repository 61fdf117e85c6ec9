/**
 * The offline map: a shipped vector base layer (Morocco and its neighbours, city labels) and the points, in one SVG.
 * Pan by dragging, zoom with the wheel or the buttons; points are grouped by screen cells (a cluster shows its count,
 * clicking it zooms in), so 10,000s of points draw as at most a few hundred markers.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { ActionIcon, Box, Stack, Tooltip } from '@mantine/core'
import { IconFocusCentered, IconMinus, IconPlus } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { MapPoint } from '../../map.contract'
import { MOROCCO_BOUNDS } from '../../contract'
import { currentLanguage } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'
import base from './morocco-base.json'
import { PLACES } from './places'
import { colourOf, dominantColour, type ColourBy } from './colours'
import { clusterOnScreen, fitBounds, panBy, ringsPath, toScreen, worldX, worldY, zoomAt, MAX_K, type Bounds, type View } from './geometry'

const MOROCCO: Bounds = { west: MOROCCO_BOUNDS.lngMin, east: MOROCCO_BOUNDS.lngMax, south: MOROCCO_BOUNDS.latMin, north: MOROCCO_BOUNDS.latMax }
/** Fitting to points stops at street level. */
const FIT_MAX_K = MAX_K / 8
const MOROCCO_PATH = ringsPath(base.morocco)
const NEIGHBOUR_PATHS = base.neighbours.map((n) => ringsPath(n.rings))

function boundsOf(points: MapPoint[]): Bounds | null {
  if (points.length === 0) return null
  let west = 180, east = -180, south = 90, north = -90
  for (const p of points) {
    west = Math.min(west, p.lng)
    east = Math.max(east, p.lng)
    south = Math.min(south, p.lat)
    north = Math.max(north, p.lat)
  }
  return { west, east, south, north }
}

export interface MapViewProps {
  points: MapPoint[]
  colourBy: ColourBy
  selectedId: string | null
  onSelect: (point: MapPoint | null) => void
  /** Changes when the point set changes (filters): the view fits the points again. */
  fitKey: string
  /** Shown over the map at the selected point. */
  popup?: ReactNode
}

export function MapView({ points, colourBy, selectedId, onSelect, fitKey, popup }: MapViewProps) {
  const { t } = useTranslation(NS)
  const box = useRef<HTMLDivElement>(null)
  const [size, setSize] = useState({ w: 0, h: 0 })
  const [view, setView] = useState<View | null>(null)
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null)
  const lang = currentLanguage()

  useEffect(() => {
    const el = box.current
    if (!el) return
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  const fit = () => size.w > 0 && setView(fitBounds(boundsOf(points) ?? MOROCCO, size.w, size.h, 48, FIT_MAX_K))
  // Fit when the data set or the size first becomes known.
  useEffect(() => {
    fit()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitKey, size.w > 0, points.length > 0])

  // The wheel listener must not be passive to keep the page from scrolling.
  useEffect(() => {
    const el = box.current
    if (!el) return
    const onWheel = (e: WheelEvent) => {
      e.preventDefault()
      const r = el.getBoundingClientRect()
      setView((v) => (v ? zoomAt(v, Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top) : v))
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [])

  const placed = useMemo(() => points.map((p) => ({ point: p, wx: worldX(p.lng), wy: worldY(p.lat) })), [points])
  const clusters = useMemo(() => {
    if (!view || size.w === 0) return []
    // Close up, points a few metres apart still get their own marker.
    const cell = view.k >= MAX_K / 16 ? 16 : 44
    return clusterOnScreen(placed, view, size.w, size.h, cell)
  }, [placed, view, size])

  const zoomButton = (factor: number) => setView((v) => (v ? zoomAt(v, factor, size.w / 2, size.h / 2) : v))
  const selected = selectedId ? points.find((p) => p.id === selectedId) : undefined
  const selectedAt = view && selected ? toScreen(view, worldX(selected.lng), worldY(selected.lat)) : null
  const transform = view ? `translate(${-view.x0 * view.k} ${-view.y0 * view.k}) scale(${view.k})` : undefined

  return (
    <Box
      ref={box}
      pos="relative"
      data-testid="map"
      style={{ flex: 1, minHeight: 360, overflow: 'hidden', borderRadius: 8, border: '1px solid var(--mantine-color-default-border)', background: 'light-dark(var(--mantine-color-blue-1), var(--mantine-color-dark-8))', touchAction: 'none', cursor: drag.current ? 'grabbing' : 'grab', direction: 'ltr' }}
      onPointerDown={(e) => {
        if ((e.target as Element).closest('[data-map-control]')) return
        drag.current = { x: e.clientX, y: e.clientY, moved: false }
        ;(e.currentTarget as HTMLElement).setPointerCapture(e.pointerId)
      }}
      onPointerMove={(e) => {
        const d = drag.current
        if (!d) return
        const dx = e.clientX - d.x
        const dy = e.clientY - d.y
        if (!d.moved && Math.hypot(dx, dy) < 4) return
        d.moved = true
        d.x = e.clientX
        d.y = e.clientY
        setView((v) => (v ? panBy(v, dx, dy) : v))
      }}
      onPointerUp={(e) => {
        const d = drag.current
        drag.current = null
        // Only a press that started on the map itself (not on a button or the popup) is a map click.
        if (!d || d.moved) return
        // A click: on a marker (data-index) or on the background (closes the popup).
        const el = document.elementFromPoint(e.clientX, e.clientY)?.closest('[data-index]')
        if (!el) {
          if (!(e.target as Element).closest('[data-map-popup]')) onSelect(null)
          return
        }
        const c = clusters[Number(el.getAttribute('data-index'))]
        if (!c || !view) return
        if (c.members.length === 1) onSelect(c.members[0])
        else {
          const b = boundsOf(c.members)!
          const spread = Math.max(worldX(b.east) - worldX(b.west), worldY(b.south) - worldY(b.north))
          setView(spread * view.k * 4 < 44 && view.k >= FIT_MAX_K ? zoomAt(view, 4, c.x, c.y) : fitBounds(b, size.w, size.h, 64, Math.max(view.k * 2, FIT_MAX_K)))
        }
      }}
    >
      <svg width={size.w} height={size.h} style={{ display: 'block', userSelect: 'none' }} role="img" aria-label={t('map.title')}>
        {view && (
          <>
            <g transform={transform}>
              {NEIGHBOUR_PATHS.map((d, i) => (
                <path key={i} d={d} fill="var(--mantine-color-gray-1)" stroke="var(--mantine-color-gray-5)" strokeWidth={0.8} vectorEffect="non-scaling-stroke" />
              ))}
              <path d={MOROCCO_PATH} fill="light-dark(#fbfaf5, var(--mantine-color-dark-6))" stroke="var(--mantine-color-gray-7)" strokeWidth={1.2} vectorEffect="non-scaling-stroke" />
            </g>
            {PLACES.filter((p) => p.major || view.k > 2 ** 14).map((p) => {
              const [x, y] = toScreen(view, worldX(p.lng), worldY(p.lat))
              if (x < -100 || y < -20 || x > size.w + 100 || y > size.h + 20) return null
              return (
                <g key={p.fr} pointerEvents="none">
                  <circle cx={x} cy={y} r={2.5} fill="var(--mantine-color-gray-7)" />
                  <text x={x + 5} y={y - 5} fontSize={p.major ? 12 : 11} fill="var(--mantine-color-gray-7)" stroke="var(--mantine-color-body)" strokeWidth={3} paintOrder="stroke">
                    {lang === 'ar' ? p.ar : p.fr}
                  </text>
                </g>
              )
            })}
            {clusters.map((c, i) =>
              c.members.length === 1 ? (
                <circle
                  key={c.members[0].id}
                  data-index={i}
                  data-testid={`map-point-${c.members[0].code}`}
                  cx={c.x}
                  cy={c.y}
                  r={c.members[0].id === selectedId ? 9 : 7}
                  fill={colourOf(c.members[0], colourBy)}
                  stroke={c.members[0].id === selectedId ? 'var(--mantine-color-dark-7)' : 'white'}
                  strokeWidth={2}
                  style={{ cursor: 'pointer' }}
                >
                  <title>{c.members[0].code}</title>
                </circle>
              ) : (
                <g key={`c${i}`} data-index={i} data-testid="map-cluster" style={{ cursor: 'zoom-in' }}>
                  <circle cx={c.x} cy={c.y} r={Math.min(26, 11 + 3 * Math.log10(c.members.length) * 2)} fill={dominantColour(c.members, colourBy)} fillOpacity={0.85} stroke="white" strokeWidth={2} />
                  <text x={c.x} y={c.y} dy="0.35em" textAnchor="middle" fontSize={11} fontWeight={700} fill="white" pointerEvents="none">
                    {c.members.length >= 1000 ? `${Math.round(c.members.length / 100) / 10}k` : c.members.length}
                  </text>
                </g>
              ),
            )}
          </>
        )}
      </svg>
      <Stack gap={4} pos="absolute" top={10} left={10} data-map-control>
        <Tooltip label={t('map.zoomIn')} position="right">
          <ActionIcon variant="default" size="lg" onClick={() => zoomButton(2)} aria-label={t('map.zoomIn')} data-testid="map-zoom-in">
            <IconPlus size={18} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('map.zoomOut')} position="right">
          <ActionIcon variant="default" size="lg" onClick={() => zoomButton(0.5)} aria-label={t('map.zoomOut')} data-testid="map-zoom-out">
            <IconMinus size={18} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('map.fit')} position="right">
          <ActionIcon variant="default" size="lg" onClick={fit} aria-label={t('map.fit')} data-testid="map-fit">
            <IconFocusCentered size={18} />
          </ActionIcon>
        </Tooltip>
      </Stack>
      {popup && selectedAt && (
        <Box
          data-map-popup
          data-map-control
          pos="absolute"
          style={{ left: Math.max(8, Math.min(selectedAt[0] - 180, size.w - 368)), top: selectedAt[1] + 14 > size.h - 230 ? Math.max(8, selectedAt[1] - 244) : selectedAt[1] + 14, width: 360, cursor: 'auto', direction: lang === 'ar' ? 'rtl' : 'ltr' }}
          onPointerDown={(e) => e.stopPropagation()}
          onPointerUp={(e) => e.stopPropagation()}
        >
          {popup}
        </Box>
      )}
      <Box pos="absolute" bottom={4} right={8} fz={10} c="dimmed" style={{ pointerEvents: 'none' }}>
        {t('map.attribution')}
      </Box>
    </Box>
  )
}
