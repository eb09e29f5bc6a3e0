// The hatch patterns concessions are filled with (fill="url(#dey-hatch-elc)"), defined once in
// the page: the map's SVG renderer and the legend's swatches both refer to them by id.
import { CONCESSION_KINDS } from '../../shared/vocabularies.ts'
import { CONCESSION_COLORS, CONCESSION_HATCH, concessionPatternId } from './styles.ts'

export function ConcessionPatterns() {
  return (
    <svg className="map-patterns" width="0" height="0" aria-hidden="true" focusable="false">
      <defs>
        {CONCESSION_KINDS.map((kind) => {
          const color = CONCESSION_COLORS[kind]
          const { angle, isCrossed } = CONCESSION_HATCH[kind]
          return (
            <pattern
              key={kind}
              id={concessionPatternId(kind)}
              patternUnits="userSpaceOnUse"
              width="9"
              height="9"
              patternTransform={`rotate(${angle})`}
            >
              <rect width="9" height="9" fill={color} fillOpacity="0.1" />
              <line x1="0" y1="0" x2="0" y2="9" stroke={color} strokeWidth="2.5" strokeOpacity="0.6" />
              {isCrossed && <line x1="0" y1="0" x2="9" y2="0" stroke={color} strokeWidth="2.5" strokeOpacity="0.6" />}
            </pattern>
          )
        })}
      </defs>
    </svg>
  )
}
