/**
 * Choropleth of the profile's regions (SVG, planar lon/lat projection, no map library and no network):
 * fill = share of records, with a legend, a data table for screen readers and the boundaries' attribution.
 */
import { memo, useMemo, type ReactNode } from 'react';
import { BOUNDARIES } from '../../core/geo.ts';
import { lookupProfile } from '../../state/profiles.ts';
import type { Region } from '../../core/profiles/types.ts';
import { colorFor, labelColorOn, MAP_NO_DATA, MAP_PALETTE, placeLabels, projectBoundaries, projectTowns } from './data/map.ts';
import type { RegionServiceRow } from './data/preview.ts';
import { ChartCard } from './ChartCard.tsx';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';

const WIDTH = 460;

export const RegionMap = memo(function RegionMap({
  profileId,
  rows,
  title,
  testId,
}: {
  profileId: string;
  rows: RegionServiceRow[];
  title: string;
  testId: string;
}) {
  const m = useT();
  const f = useFormat();
  const map = useMemo(() => {
    const fc = BOUNDARIES[profileId];
    return fc ? projectBoundaries(fc, WIDTH) : null;
  }, [profileId]);
  const profile = lookupProfile(profileId);
  const attribution = m.charts.attributions[profileId] ?? profile?.mapAttribution;
  const { total, max } = shareStats(rows);
  const byGeo = new Map(rows.filter((r) => r.geoId).map((r) => [r.geoId!, r]));
  if (!map)
    return profile ? <BubbleMap regions={profile.regions} rows={rows} title={title} testId={testId} attribution={attribution} /> : null;
  const hatch = `${testId}-hatch`;
  return (
    <MapCard
      title={title}
      testId={testId}
      rows={rows}
      attribution={attribution}
      width={map.width}
      height={map.height}
      svgClassName="h-auto w-full"
      legendExtra={
        map.shapes.some((s) => !byGeo.has(s.id)) && (
          <span className="flex items-center gap-1.5">
            <svg width="14" height="10" aria-hidden>
              <rect width="14" height="10" rx="2" fill={`url(#${hatch})`} />
            </svg>
            {m.charts.notInProfile}
          </span>
        )
      }
    >
      <defs>
        <pattern id={hatch} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill={MAP_NO_DATA} />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#cbd5e1" strokeWidth="2" />
        </pattern>
      </defs>
      {map.shapes.map((s) => {
        const row = byGeo.get(s.id);
        const share = row && total > 0 ? row.total / total : 0;
        const fill = row ? colorFor(share, max) : `url(#${hatch})`;
        return (
          <path
            key={s.id}
            d={s.d}
            fill={fill}
            stroke="#ffffff"
            strokeWidth={1.2}
            strokeLinejoin="round"
            className="transition-opacity hover:opacity-80"
            data-region={s.id}
          >
            <title>{row ? `${row.region}: ${f.pct(share)} · ${f.int(row.total)}` : `${s.name}: ${m.charts.notInProfile}`}</title>
          </path>
        );
      })}
      {map.shapes.map((s) => {
        const row = byGeo.get(s.id);
        if (!row || (s.w >= 46 && s.h >= 22)) return null;
        // Too small to hold its label (a capital district): a dot and a haloed label beside it.
        const share = total > 0 ? row.total / total : 0;
        return (
          <g key={`c-${s.id}`} pointerEvents="none">
            <circle cx={s.cx} cy={s.cy} r={3} fill="#0f172a" stroke="#fff" strokeWidth={1.5} />
            <text
              x={s.cx + 6}
              y={s.cy + 4}
              fontSize={11}
              fontWeight={600}
              fill="#0f172a"
              stroke="#fff"
              strokeWidth={3}
              paintOrder="stroke"
              strokeLinejoin="round"
            >
              {row.region} {f.pct(share)}
            </text>
          </g>
        );
      })}
      {map.shapes.map((s) => {
        const row = byGeo.get(s.id);
        if (!row || s.w < 46 || s.h < 22) return null;
        const share = total > 0 ? row.total / total : 0;
        const color = labelColorOn(colorFor(share, max));
        return (
          <g key={`l-${s.id}`} pointerEvents="none" textAnchor="middle" fill={color}>
            <text x={s.cx} y={s.cy - 2} fontSize={11} fontWeight={600}>
              {row.region}
            </text>
            <text x={s.cx} y={s.cy + 11} fontSize={10}>
              {f.pct(share)}
            </text>
          </g>
        );
      })}
    </MapCard>
  );
});

/**
 * The map of a profile without boundaries (an imported custom profile): each region a bubble at the
 * centroid of its towns, area proportional to its share of records, coloured on the same scale; towns as dots.
 */
const BubbleMap = memo(function BubbleMap({
  regions,
  rows,
  title,
  testId,
  attribution,
}: {
  regions: readonly Region[];
  rows: RegionServiceRow[];
  title: string;
  testId: string;
  attribution: string | undefined;
}) {
  const f = useFormat();
  const map = useMemo(() => projectTowns(regions, WIDTH), [regions]);
  const { total, max } = shareStats(rows);
  const byName = new Map(rows.map((r) => [r.region, r]));
  const rMax = Math.min(40, map.width / Math.max(4, Math.sqrt(regions.length) * 3));
  // Largest first, so small bubbles stay on top and clickable.
  const placed = map.bubbles
    .map((b) => {
      const share = total > 0 ? (byName.get(b.region)?.total ?? 0) / total : 0;
      return { b, share, r: Math.max(5, rMax * Math.sqrt(max > 0 ? share / max : 0)) };
    })
    .sort((x, y) => y.share - x.share);
  const labels = placeLabels(
    placed.map(({ b, share, r }) => ({ cx: b.cx, cy: b.cy, r, text: `${b.region} ${f.pct(share)}` })),
    map.width,
  );
  return (
    <MapCard
      title={title}
      testId={testId}
      rows={rows}
      attribution={attribution}
      width={map.width}
      height={map.height}
      svgClassName="h-auto w-full rounded-lg bg-slate-50"
    >
      {map.bubbles.flatMap((b) => b.towns.map((t) => <circle key={`${b.region}/${t.name}`} cx={t.x} cy={t.y} r={2} fill="#94a3b8" />))}
      {placed.map(({ b, share, r }) => (
        <circle
          key={b.region}
          data-region={b.region}
          cx={b.cx}
          cy={b.cy}
          r={r}
          fill={colorFor(share, max)}
          fillOpacity={0.8}
          stroke="#c2410c"
          strokeWidth={1}
        >
          <title>{`${b.region}: ${f.pct(share)}`}</title>
        </circle>
      ))}
      {placed.map(({ b, share }, i) => (
        <text
          key={`l-${b.region}`}
          data-label={b.region}
          x={labels[i]!.x}
          y={labels[i]!.y}
          textAnchor={labels[i]!.anchor}
          fontSize={11}
          fontWeight={600}
          fill="#0f172a"
          stroke="#f8fafc"
          strokeWidth={3}
          paintOrder="stroke"
          pointerEvents="none"
        >
          {b.region} {f.pct(share)}
        </text>
      ))}
    </MapCard>
  );
});

/** Total, share of each row and the largest share and row, as both maps colour and label them. */
function shareStats(rows: readonly RegionServiceRow[]) {
  const total = rows.reduce((a, r) => a + r.total, 0);
  const shares = rows.map((r) => (total > 0 ? r.total / total : 0));
  const top = rows.reduce<RegionServiceRow | null>((a, r) => (!a || r.total > a.total ? r : a), null);
  return { total, shares, max: Math.max(0, ...shares), top };
}

/** The frame both maps share: card, screen-reader table, labelled SVG, colour legend and attribution. */
function MapCard({
  title,
  testId,
  rows,
  attribution,
  width,
  height,
  svgClassName,
  legendExtra,
  children,
}: {
  title: string;
  testId: string;
  rows: RegionServiceRow[];
  attribution: string | undefined;
  width: number;
  height: number;
  svgClassName: string;
  legendExtra?: ReactNode;
  children: ReactNode;
}) {
  const m = useT();
  const f = useFormat();
  const { total, shares, max, top } = shareStats(rows);
  return (
    <ChartCard
      title={title}
      testId={testId}
      table={{
        columns: [m.result.region, m.result.count, m.result.share],
        rows: rows.map((r, i) => [r.region, f.int(r.total), f.pct(shares[i] ?? 0)]),
      }}
      footer={attribution ? <p className="mt-2 text-[11px] leading-4 text-slate-500">{attribution}</p> : undefined}
    >
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className={svgClassName}
        role="img"
        aria-label={m.charts.mapLabel(top ? `${top.region} (${f.pct(total > 0 ? top.total / total : 0)})` : '—')}
      >
        {children}
      </svg>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3 text-[11px] text-slate-500">
        <div className="flex items-center gap-2">
          <span>{m.charts.mapLegend}</span>
          <span className="flex flex-col">
            <span className="h-2.5 w-32 rounded-sm" style={{ background: `linear-gradient(to right, ${MAP_PALETTE.join(',')})` }} />
            <span className="mt-0.5 flex justify-between tabular-nums">
              <span>0</span>
              <span>{f.pct(max, 0)}</span>
            </span>
          </span>
        </div>
        {legendExtra}
      </div>
    </ChartCard>
  );
}
