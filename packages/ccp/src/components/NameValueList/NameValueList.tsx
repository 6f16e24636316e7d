/**
 * Names and their values as a description list: a `<div>` of `<dt>` and `<dd>` for each
 * pair, in order. The caller styles it through `className` (the list) and `rowClassName`.
 */
export function NameValueList({
  pairs,
  className,
  rowClassName,
}: {
  pairs: readonly (readonly [string, string])[];
  className?: string;
  rowClassName?: string;
}) {
  return (
    <dl className={className}>
      {pairs.map(([name, value]) => (
        <div key={name} className={rowClassName}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
