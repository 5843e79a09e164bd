/**
 * A filter of a list page's GET form: a labelled select whose first option ("Todos", "Todas")
 * means no filter, and whose chosen option is the one in the current query.
 */
export function FilterSelect({ label, name, all, options, selected }: { label: string; name: string; all: 'Todos' | 'Todas'; options: { value: string; label: string }[]; selected: string | null | undefined }) {
  return (
    <label>
      {label}
      <select name={name}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option value={o.value} selected={selected === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
