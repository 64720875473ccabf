/** Schema preset, format, Parquet compression and the ZIP's partitioning. */
import {
  COMPRESSIONS,
  DEFAULT_WAREHOUSE,
  OUTPUT_FORMATS,
  PARTITION_KEYS,
  SCHEMA_PRESETS,
  type Compression,
  type OutputFormat,
  type PartitionKey,
  type SchemaPreset,
} from '../../state/scenario-form.ts';
import { patchForm, setOutput, useStudio } from '../../state/studio.ts';
import { Field, Segmented, SelectField } from '../Field.tsx';
import { useT } from '../i18n/index.ts';
import { Section } from './Section.tsx';
import { useFieldError } from './use-field.ts';

export function OutputSection() {
  const m = useT();
  const schema = useStudio((s) => s.values.schema);
  const format = useStudio((s) => s.values.output.format);
  const compression = useStudio((s) => s.values.output.compression);
  const partitionBy = useStudio((s) => s.values.output.partitionBy);
  const warehouse = useStudio((s) => s.values.output.warehouse);
  const partitionError = useFieldError('partitionBy');
  const toggleKey = (k: PartitionKey, on: boolean) => {
    const next = on ? PARTITION_KEYS.filter((x) => x === k || partitionBy.includes(x)) : partitionBy.filter((x) => x !== k);
    setOutput({ partitionBy: next });
  };
  return (
    <Section title={m.config.sections.output}>
      <SelectField<SchemaPreset>
        name="schema"
        label={m.config.schema}
        value={schema}

        options={SCHEMA_PRESETS.map((v) => ({ value: v, label: m.config.schemas[v] }))}
        onChange={(v) => patchForm({ schema: v })}
      />
      <Segmented<OutputFormat>
        name="format"
        legend={m.config.format}
        value={format}
        columns={5}

        options={OUTPUT_FORMATS.map((v) => ({ value: v, label: m.config.formats[v] }))}
        onChange={(v) => setOutput({ format: v })}
        hint={m.config.formatHints[format]}
      />
      {format === 'iceberg' && (
        <Field
          name="warehouse"
          label={m.config.warehouse}
          value={warehouse ?? DEFAULT_WAREHOUSE}
          inputMode="text"
          onChange={(v) => setOutput({ warehouse: v })}
          hint={m.config.warehouseHint}
        />
      )}
      {(format === 'parquet' || format === 'iceberg') && (
        <Segmented<Compression>
          name="compression"
          legend={m.config.compression}
          value={compression}

          options={COMPRESSIONS.map((v) => ({ value: v, label: m.config.compressions[v] }))}
          onChange={(v) => setOutput({ compression: v })}
        />
      )}
      {format !== 'iceberg' && (
        <fieldset aria-describedby="partition-hint">
          <legend className="text-sm font-medium text-slate-800">{m.config.partitioning}</legend>
          <div className="mt-1.5 flex flex-wrap gap-2">
            {PARTITION_KEYS.map((k) => {
              const on = partitionBy.includes(k);
              return (
                <label
                  key={k}
                  className={`inline-flex cursor-pointer items-center gap-1.5 rounded-full px-3 py-1 font-mono text-xs ring-1 transition has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-orange-400 ${
                    on ? 'bg-orange-50 text-orange-800 ring-orange-300' : 'bg-white text-slate-600 ring-slate-300 hover:bg-slate-50'
                  }`}
                >
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={(e) => toggleKey(k, e.target.checked)}
                    className="size-3.5 accent-orange-600"
                  />
                  {m.config.partitionKeys[k]}
                </label>
              );
            })}
          </div>
          {partitionError && <p className="mt-1.5 text-xs font-medium text-red-600">⚠ {partitionError}</p>}
          <p id="partition-hint" className="mt-1.5 text-xs leading-5 text-slate-500">
            {m.config.partitioningHint}
          </p>
        </fieldset>
      )}
    </Section>
  );
}
