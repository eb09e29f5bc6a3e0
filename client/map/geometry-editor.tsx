// Draw and edit a boundary (a parcel, a community territory, a concession) on the map, with
// Leaflet-Geoman doing the pointer work. The buttons are ours (localized, real <button>s outside
// the map, big enough for a thumb); Geoman's own toolbar is never shown, and its few tooltips get
// our words through map.pm.setLang. The area in hectares is shown live, and shapes the database
// would refuse are explained before saving — or after, when the server's 422 says so.
import L from './leaflet-global.ts'
import '@geoman-io/leaflet-geoman-free'
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { CircleMarker, GeoJSON, Marker, Tooltip, useMap } from 'react-leaflet'
import type { MultiPolygon, Position2D } from '../../shared/geo.ts'
import { currentLanguage } from '../lib/i18n.ts'
import { useCan } from '../lib/session.ts'
import { formatHectares, formatNumber } from '../lib/format.ts'
import {
  areaHa,
  checkGeometry,
  closeRing,
  distinctPositions,
  fromPolygons,
  issuePoints,
  openRing,
  polygonsOf,
  serverGeometryProblem,
  toMultiPolygon,
  type EditableGeometry,
  type PolygonRings,
  type ServerGeometryProblem,
} from './geometry-checks.ts'
import { ConcessionPatterns } from './concession-patterns.tsx'
import { concessionStyle, faint, parcelStyle, territoryStyle } from './land-styles.ts'
import { helpText, issueText, serverProblemText, type EditorMode as Mode } from './geometry-text.ts'
import { LegendSwatch } from './legend-swatch.tsx'
import { FitBounds, MapView } from './map-view.tsx'
import { boundsOf, squareAround, toLatLng, toLngLat } from './to-lat-lng.ts'
import { CONCESSION_POINT_RADIUS } from './styles.ts'
import './geometry-editor.css'

/** A shape shown faintly for reference (the community's other parcels, nearby concessions). */
export interface ContextShape {
  id: string
  geometry: { type: string; coordinates: unknown } | null | undefined
  kind: 'parcel' | 'concession' | 'territory'
  /** Shown on hover / focus. */
  title?: string
  style?: L.PathOptions
}

/**
 * A point shown for reference (a concession known only as the point a source gives): a ring the
 * map opens around, `reachKm` either way, so the land drawn around it is in view.
 */
export interface ContextPoint {
  id: string
  position: Position2D
  title: string
  style: L.PathOptions
  reachKm: number
}

export interface GeometryEditorProps {
  value: EditableGeometry | MultiPolygon | null
  /** Always a MultiPolygon (one part per polygon drawn), or null when everything was removed. */
  onChange: (value: MultiPolygon | null) => void
  /** The accessible name of the map, e.g. "Boundary of the parcel". */
  label: string
  context?: ContextShape[]
  points?: ContextPoint[]
  isReadOnly?: boolean
  /** How the edited shape is drawn (a concession: dashed dark red); green by default. */
  shapeStyle?: L.PathOptions
  /** The last save's error: a 422 about `field` is explained here, with the point marked. */
  error?: unknown
  /** The body field the server names in its 422 ("boundary", "territory"). */
  field?: string
  /** Offered when the server said it can mend the shape: save again with ?repair=true. */
  onRepair?: () => void
  /**
   * Where to look when there is no shape yet and none around it ([lng, lat]: the community's own
   * point): drawing starts at a village's scale, not the whole country's, where a click or two
   * makes a shape of a million hectares.
   */
  focus?: Position2D
  /** Offered to admins when the server found the area too large for its kind: save again with ?allowLargeArea=true. */
  onAllowLargeArea?: () => void
  /** While a save (or repair) is under way. */
  isBusy?: boolean
  /** Taller map for a full edit page. */
  className?: string
}

/** What the editor's map child can be told to do by the buttons outside the map. */
interface Controller {
  startDraw: () => void
  finishDraw: () => void
  undoVertex: () => void
  cancelDraw: () => void
  setMode: (mode: Exclude<Mode, 'draw'>) => void
}

const DEFAULT_SHAPE_STYLE: L.PathOptions = { color: '#15803d', weight: 3, fillColor: '#16a34a', fillOpacity: 0.25 }

const keyOf = (geometry: MultiPolygon | null) => JSON.stringify(geometry?.coordinates ?? null)

export function GeometryEditor({
  value,
  onChange,
  label,
  context = [],
  points = [],
  isReadOnly = false,
  shapeStyle = DEFAULT_SHAPE_STYLE,
  error,
  field = 'boundary',
  onRepair,
  onAllowLargeArea,
  focus,
  isBusy = false,
  className,
}: GeometryEditorProps) {
  const { t } = useTranslation()
  const geometry = useMemo(() => toMultiPolygon(value), [value])
  const [mode, setMode] = useState<Mode>('idle')
  /** The polygon being drawn, not yet part of the value. */
  const [drawing, setDrawing] = useState<Position2D[]>([])
  /** The shape while a point is being dragged (the value changes when the drag ends). */
  const [live, setLive] = useState<MultiPolygon | null | undefined>(undefined)
  const [history, setHistory] = useState<(MultiPolygon | null)[]>([])
  const controller = useRef<Controller | null>(null)
  const lastGeometry = useRef(geometry)
  lastGeometry.current = geometry

  const change = (next: MultiPolygon | null) => {
    setHistory((previous) => [...previous.slice(-19), lastGeometry.current])
    setLive(undefined)
    onChange(next)
  }
  const undo = () => {
    const previous = history.at(-1)
    if (previous === undefined) return
    setHistory(history.slice(0, -1))
    onChange(previous)
  }

  const shown = live !== undefined ? live : geometry
  const drawingRing = drawing.length >= 3 ? closeRing(drawing) : undefined
  const measured = drawingRing ? fromPolygons([...polygonsOf(shown), [drawingRing]]) : shown
  const area = areaHa(measured)
  const issues = useMemo(() => checkGeometry(shown), [shown])
  // Crossing edges cancel out in the area (a figure-eight measures 0 ha): no figure is better than a wrong one.
  const hasCrossing = issues.some((issue) => issue.code === 'selfIntersection')
  // The server's refusal is about the shape it was sent: once the shape changes, it no longer applies.
  const [refused, setRefused] = useState<{ error: unknown; key: string }>({ error, key: keyOf(geometry) })
  if (refused.error !== error) setRefused({ error, key: keyOf(geometry) })
  const problem = refused.key === keyOf(geometry) ? serverGeometryProblem(error, field) : undefined
  const partCount = polygonsOf(shown).length
  const marks = [...issuePoints(issues), ...(problem?.point ? [problem.point] : [])]
  // SVG, not the map's canvas: concessions are filled with SVG hatch patterns.
  const contextRenderer = useMemo(() => L.svg(), [])
  const pointReach = points.map((point) => squareAround(point.position, point.reachKm))
  const contextBounds = boundsOf([...context.map((shape) => shape.geometry), ...pointReach]) ?? (focus ? aroundPoint(focus) : undefined)
  const bounds = useMemo(
    () => boundsOf([geometry, ...context.map((shape) => shape.geometry), ...pointReach]),
    // Only when the editor opens: refitting on every edit would pull the map from under the finger.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fitted once when the editor opens, see above
    [],
  )

  return (
    <div className={['geometry-editor', className ?? ''].join(' ').trim()} data-testid="geometry-editor">
      <ConcessionPatterns />
      {!isReadOnly && (
        <div className="geometry-toolbar" role="toolbar" aria-label={t('geometry.toolbar')}>
          {mode === 'draw' ? (
            <>
              <button
                type="button"
                className="button button-primary"
                onClick={() => controller.current?.finishDraw()}
                disabled={drawing.length < 3}
              >
                {t('geometry.finish')}
              </button>
              <button type="button" className="button" onClick={() => controller.current?.undoVertex()} disabled={drawing.length === 0}>
                {t('geometry.undoVertex')}
              </button>
              <button type="button" className="button" onClick={() => controller.current?.cancelDraw()}>
                {t('geometry.cancelDraw')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="button button-primary" onClick={() => controller.current?.startDraw()} disabled={isBusy}>
                {partCount === 0 ? t('geometry.draw') : t('geometry.drawAnother')}
              </button>
              {partCount > 0 && (
                <>
                  <ModeButton mode="edit" current={mode} onSelect={(next) => controller.current?.setMode(next)}>
                    {t('geometry.editPoints')}
                  </ModeButton>
                  <ModeButton mode="move" current={mode} onSelect={(next) => controller.current?.setMode(next)}>
                    {t('geometry.move')}
                  </ModeButton>
                  <ModeButton mode="remove" current={mode} onSelect={(next) => controller.current?.setMode(next)}>
                    {t('geometry.removePart')}
                  </ModeButton>
                  <button
                    type="button"
                    className="button button-danger"
                    onClick={() => {
                      controller.current?.setMode('idle')
                      change(null)
                    }}
                  >
                    {t('geometry.clear')}
                  </button>
                </>
              )}
              {history.length > 0 && (
                <button type="button" className="button" onClick={undo}>
                  {t('geometry.undo')}
                </button>
              )}
            </>
          )}
        </div>
      )}

      {!isReadOnly && (
        <p className="geometry-help" id="geometry-help">
          {helpText(t, mode, partCount, drawing.length)}
        </p>
      )}

      <MapView label={label} bounds={bounds} className="geometry-map">
        {context.map((shape) =>
          shape.geometry ? (
            <GeoJSON
              key={shape.id}
              data={shape.geometry as GeoJSON.Geometry}
              style={faint(shape.style ?? contextStyle(shape.kind))}
              interactive={Boolean(shape.title)}
              pmIgnore
              {...{ renderer: contextRenderer }}
            >
              {shape.title && <Tooltip sticky>{shape.title}</Tooltip>}
            </GeoJSON>
          ) : null,
        )}
        {points.map((point) => (
          <CircleMarker
            key={point.id}
            center={toLatLng(point.position)}
            radius={CONCESSION_POINT_RADIUS}
            pathOptions={point.style}
            pmIgnore
            {...{ renderer: contextRenderer }}
          >
            <Tooltip>{point.title}</Tooltip>
          </CircleMarker>
        ))}
        <EditorLayers
          geometry={geometry}
          isReadOnly={isReadOnly}
          shapeStyle={shapeStyle}
          controller={controller}
          onModeChange={setMode}
          onDrawingChange={setDrawing}
          onLiveChange={setLive}
          onChange={change}
        />
        {marks.map((point, index) => (
          <Marker key={`${index}-${point.join(',')}`} position={toLatLng(point)} icon={CROSSING_ICON} interactive keyboard={false} pmIgnore>
            <Tooltip>{t('geometry.marker.crossing')}</Tooltip>
          </Marker>
        ))}
        {marks.length > 0 && <FitMarks points={marks} />}
        {/* With nothing drawn yet, show where the reference shapes are (they may load after the map). */}
        <FitBounds bounds={geometry || mode === 'draw' ? undefined : contextBounds} />
      </MapView>

      <div className="geometry-status">
        <p className="geometry-area" data-testid="geometry-area" aria-live="polite">
          <span className="muted">{mode === 'draw' ? t('geometry.areaSoFar') : t('geometry.area')}</span>{' '}
          <strong>{hasCrossing ? t('geometry.areaUnknown') : t('common.unit.ha', { value: formatHectares(area) })}</strong>
          {partCount > 1 && <span className="muted"> · {t('geometry.parts', { n: formatNumber(partCount) })}</span>}
          {mode === 'draw' && <span className="muted"> · {t('geometry.points', { n: formatNumber(drawing.length) })}</span>}
        </p>
        {(context.some((shape) => shape.geometry) || points.length > 0) && (
          <Legend context={context} points={points} shapeStyle={shapeStyle} hasMarks={marks.length > 0} />
        )}
      </div>

      {issues.length > 0 && mode !== 'draw' && (
        <div className="alert alert-warning geometry-issues" role="alert">
          <p>
            <strong>{t('geometry.issues.title')}</strong>
          </p>
          <ul>
            {issues.map((issue, index) => (
              <li key={index}>{issueText(t, issue, partCount)}</li>
            ))}
          </ul>
          {hasCrossing && onRepair && (
            <>
              <p>{t('geometry.server.repairHint')}</p>
              <button type="button" className="button" onClick={onRepair} disabled={isBusy}>
                {t('geometry.server.repair')}
              </button>
            </>
          )}
        </div>
      )}

      {/* The server's refusal of a crossing the box above already explains would say it twice. */}
      {problem && !(hasCrossing && problem.reason === 'selfIntersection' && mode !== 'draw') && (
        <ServerProblem problem={problem} partCount={partCount} onRepair={onRepair} onAllowLargeArea={onAllowLargeArea} isBusy={isBusy} />
      )}
    </div>
  )
}

/** What the lines on the map mean: colour is never the only signal, so each entry shows the line itself. */
function Legend({
  context,
  points,
  shapeStyle,
  hasMarks,
}: {
  context: ContextShape[]
  points: ContextPoint[]
  shapeStyle: L.PathOptions
  hasMarks: boolean
}) {
  const { t } = useTranslation()
  const kinds = [...new Set(context.filter((shape) => shape.geometry).map((shape) => shape.kind))]
  return (
    <ul className="geometry-legend" aria-label={t('geometry.legend.title')}>
      <li>
        <LegendSwatch style={shapeStyle} />
        {t('geometry.legend.thisShape')}
      </li>
      {points.map((point) => (
        <li key={point.id}>
          <LegendSwatch style={point.style} isPoint />
          {point.title}
        </li>
      ))}
      {kinds.map((kind) => (
        <li key={kind}>
          <LegendSwatch style={faint(contextStyle(kind))} />
          {t(`geometry.legend.${kind}`)}
        </li>
      ))}
      {hasMarks && (
        <li>
          <span className="geometry-crossing legend-crossing" aria-hidden="true">
            ✕
          </span>
          {t('geometry.legend.crossing')}
        </li>
      )}
    </ul>
  )
}

function ModeButton({
  mode,
  current,
  onSelect,
  children,
}: {
  mode: Exclude<Mode, 'draw' | 'idle'>
  current: Mode
  onSelect: (mode: Exclude<Mode, 'draw'>) => void
  children: ReactNode
}) {
  const isOn = current === mode
  return (
    <button
      type="button"
      className={['button', isOn ? 'is-on' : ''].join(' ').trim()}
      aria-pressed={isOn}
      onClick={() => onSelect(isOn ? 'idle' : mode)}
    >
      {children}
    </button>
  )
}

function ServerProblem({
  problem,
  partCount,
  onRepair,
  onAllowLargeArea,
  isBusy,
}: {
  problem: ServerGeometryProblem
  partCount: number
  onRepair: (() => void) | undefined
  onAllowLargeArea: (() => void) | undefined
  isBusy: boolean
}) {
  const { t } = useTranslation()
  const can = useCan()
  return (
    <div className="alert alert-error geometry-server-problem" role="alert">
      <p>
        <strong>{t('geometry.server.title')}</strong>
      </p>
      <p>{serverProblemText(t, problem, partCount)}</p>
      <p className="small muted" lang="en">
        {problem.detail}
      </p>
      {problem.canRepair && onRepair && (
        <>
          <p>{t('geometry.server.repairHint')}</p>
          <button type="button" className="button" onClick={onRepair} disabled={isBusy}>
            {t('geometry.server.repair')}
          </button>
        </>
      )}
      {problem.reason === 'tooLarge' && onAllowLargeArea && can('geometry.override') && (
        <>
          <p>{t('geometry.server.allowLargeHint')}</p>
          <button type="button" className="button" onClick={onAllowLargeArea} disabled={isBusy}>
            {t('geometry.server.allowLarge')}
          </button>
        </>
      )}
    </div>
  )
}

function contextStyle(kind: ContextShape['kind']): L.PathOptions {
  if (kind === 'concession') return concessionStyle()
  if (kind === 'territory') return territoryStyle()
  return parcelStyle({})
}

const CROSSING_ICON = L.divIcon({
  className: 'geometry-crossing',
  html: '<span aria-hidden="true">✕</span>',
  iconSize: [26, 26],
  iconAnchor: [13, 13],
})

/** When a problem point appears, make sure it is in view. */
function FitMarks({ points }: { points: Position2D[] }) {
  const map = useMap()
  const key = JSON.stringify(points)
  useEffect(() => {
    if (points.length === 0) return
    const bounds = map.getBounds()
    if (points.every((point) => bounds.contains(toLatLng(point)))) return
    map.panTo(toLatLng(points[0]!))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- key stands for points (a new array each render)
  }, [map, key])
  return null
}

// ---- The map side: Leaflet layers and Geoman modes ------------------------------------------

interface EditorLayersProps {
  geometry: MultiPolygon | null
  isReadOnly: boolean
  shapeStyle: L.PathOptions
  controller: React.RefObject<Controller | null>
  onModeChange: (mode: Mode) => void
  onDrawingChange: (positions: Position2D[]) => void
  onLiveChange: (geometry: MultiPolygon | null | undefined) => void
  onChange: (geometry: MultiPolygon | null) => void
}

/** Positions of a Leaflet polygon's outer ring and holes, as GeoJSON rings. */
function ringsOfLayer(layer: L.Polygon): PolygonRings {
  const latLngs = layer.getLatLngs() as L.LatLng[][] | L.LatLng[]
  const rings = (Array.isArray(latLngs[0]) ? latLngs : [latLngs]) as L.LatLng[][]
  return rings.map((ring) => closeRing(ring.map(toLngLat))).filter((ring) => ring.length >= 2)
}

function geoman(map: L.Map) {
  return map.pm as L.PM.PMMap & {
    Draw: { Polygon: { _finishShape: () => void; _removeLastVertex: () => void; _layer?: L.Polyline } }
  }
}

function EditorLayers({
  geometry,
  isReadOnly,
  shapeStyle,
  controller,
  onModeChange,
  onDrawingChange,
  onLiveChange,
  onChange,
}: EditorLayersProps) {
  const map = useMap()
  const { t, i18n } = useTranslation()
  const group = useMemo(() => L.featureGroup(), [])
  const renderer = useMemo(() => L.svg({ padding: 0.5 }), [])
  const mode = useRef<Mode>('idle')
  /** The geometry the layers show; a new value equal to it (our own change) does not rebuild them. */
  const shownKey = useRef<string | undefined>(undefined)
  const callbacks = useRef({ onModeChange, onDrawingChange, onLiveChange, onChange })
  callbacks.current = { onModeChange, onDrawingChange, onLiveChange, onChange }
  const style = useRef(shapeStyle)
  style.current = shapeStyle

  const currentGeometry = () => fromPolygons(group.getLayers().map((layer) => ringsOfLayer(layer as L.Polygon)))

  const emit = () => {
    const next = currentGeometry()
    shownKey.current = keyOf(next)
    callbacks.current.onChange(next)
  }

  const applyMode = (layer: L.Polygon) => {
    const pm = layer.pm
    if (!pm) return
    if (mode.current === 'edit') pm.enable({ allowSelfIntersection: true, draggable: false, snappable: true })
    else if (pm.enabled()) pm.disable()
    if (mode.current === 'move') pm.enableLayerDrag()
    else pm.disableLayerDrag()
    const element = layer.getElement() as HTMLElement | undefined
    element?.classList.toggle('is-removable', mode.current === 'remove')
  }

  const setMode = (next: Mode) => {
    mode.current = next
    for (const layer of group.getLayers()) applyMode(layer as L.Polygon)
    callbacks.current.onModeChange(next)
  }

  const rebuild = (next: MultiPolygon | null) => {
    group.clearLayers()
    for (const rings of polygonsOf(next)) {
      const latLngs = rings.map((ring) => openRing(ring).map(toLatLng))
      const layer = L.polygon(latLngs, { ...style.current, renderer })
      layer.on('pm:markerdrag', () => callbacks.current.onLiveChange(currentGeometry()))
      layer.on('pm:edit', emit)
      layer.on('pm:drag', () => callbacks.current.onLiveChange(currentGeometry()))
      layer.on('pm:dragend', emit)
      layer.on('click', () => {
        if (mode.current !== 'remove') return
        group.removeLayer(layer)
        emit()
        if (group.getLayers().length === 0) setMode('idle')
      })
      group.addLayer(layer)
      applyMode(layer)
    }
    shownKey.current = keyOf(next)
  }

  // The group lives as long as the map.
  useEffect(() => {
    group.addTo(map)
    return () => {
      group.remove()
    }
  }, [map, group])

  // A new value from outside (first load, undo, clear, a reload after a conflict) redraws the layers.
  useEffect(() => {
    if (shownKey.current === keyOf(geometry)) return
    rebuild(geometry)
    if (geometry === null && mode.current !== 'idle' && mode.current !== 'draw') setMode('idle')
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuild and setMode read refs; only a new geometry redraws
  }, [geometry])

  useEffect(() => {
    for (const layer of group.getLayers()) (layer as L.Polygon).setStyle(shapeStyle)
  }, [group, shapeStyle])

  // Geoman's few words (tooltips while drawing) in the user's language.
  useEffect(() => {
    const language = currentLanguage()
    geoman(map).setLang(
      language as L.PM.SupportLocales,
      {
        tooltips: {
          firstVertex: t('geometry.tooltip.firstVertex'),
          continueLine: t('geometry.tooltip.continueLine'),
          finishLine: t('geometry.tooltip.finishPoly'),
          finishPoly: t('geometry.tooltip.finishPoly'),
        },
        actions: {
          finish: t('geometry.finish'),
          cancel: t('common.action.cancel'),
          removeLastVertex: t('geometry.undoVertex'),
        },
      },
      'en',
    )
  }, [map, t, i18n.language])

  // Drawing: the working polygon's points, and the finished polygon joining the value.
  useEffect(() => {
    if (isReadOnly) return
    const pm = geoman(map)
    pm.setGlobalOptions({ snappable: true, snapDistance: 15, exitModeOnEscape: true, finishOnEnter: true } as L.PM.GlobalOptions)
    const onDrawStart = (event: { workingLayer?: L.Layer }) => {
      mode.current = 'draw'
      callbacks.current.onModeChange('draw')
      callbacks.current.onDrawingChange([])
      const working = event.workingLayer as L.Polyline | undefined
      const sync = () => callbacks.current.onDrawingChange(((working?.getLatLngs() ?? []) as L.LatLng[]).map(toLngLat))
      working?.on('pm:vertexadded pm:vertexremoved pm:change', sync)
    }
    const onDrawEnd = () => {
      callbacks.current.onDrawingChange([])
      if (mode.current === 'draw') setMode('idle')
    }
    const onCreate = (event: { layer: L.Layer }) => {
      const layer = event.layer as L.Polygon
      const rings = ringsOfLayer(layer)
      layer.remove()
      const polygons = [...polygonsOf(currentGeometry()), rings]
      const next = fromPolygons(polygons)
      rebuild(next)
      emit()
    }
    map.on('pm:drawstart', onDrawStart as L.LeafletEventHandlerFn)
    map.on('pm:drawend', onDrawEnd)
    map.on('pm:create', onCreate as L.LeafletEventHandlerFn)
    controller.current = {
      startDraw: () => {
        setMode('idle')
        pm.enableDraw('Polygon', {
          allowSelfIntersection: true,
          snappable: true,
          finishOn: null,
          tooltips: true,
          templineStyle: { color: style.current.color ?? '#15803d', weight: 3 },
          hintlineStyle: { color: style.current.color ?? '#15803d', dashArray: '5 5', weight: 2 },
          pathOptions: style.current,
        } as L.PM.DrawModeOptions)
      },
      finishDraw: () => {
        const draw = pm.Draw.Polygon
        const points = ((draw._layer?.getLatLngs() ?? []) as L.LatLng[]).map(toLngLat)
        if (distinctPositions(points).length >= 3) draw._finishShape()
      },
      undoVertex: () => pm.Draw.Polygon._removeLastVertex(),
      cancelDraw: () => {
        pm.disableDraw()
        setMode('idle')
      },
      setMode: (next) => setMode(next),
    }
    return () => {
      map.off('pm:drawstart', onDrawStart as L.LeafletEventHandlerFn)
      map.off('pm:drawend', onDrawEnd)
      map.off('pm:create', onCreate as L.LeafletEventHandlerFn)
      pm.disableDraw()
      controller.current = null
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the handlers read refs, so binding them once per map and read-only state is enough
  }, [map, isReadOnly])

  return null
}

/** About 2 km either way of a point: a village and its fields. */
const aroundPoint = ([lng, lat]: Position2D) =>
  boundsOf([
    {
      type: 'MultiPoint',
      coordinates: [
        [lng - 0.01, lat - 0.01],
        [lng + 0.01, lat + 0.01],
      ],
    },
  ])
