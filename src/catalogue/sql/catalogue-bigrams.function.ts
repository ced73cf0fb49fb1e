import { sqlFunction } from '../../core/database/sql-object';

/**
 * Every two-character fragment of a text, lower-cased: the catalogue search index
 * (catalogue_items_search_idx, GIN over the name and SKU) answers a substring of two
 * characters or more, which a trigram index cannot for a 2-character Chinese fragment.
 */
export const catalogueBigrams = sqlFunction({
  name: 'catalogue_bigrams',
  arguments: 'text',
  returns: 'text[]',
  language: 'sql',
  volatility: 'IMMUTABLE',
  body: `
        SELECT coalesce(array_agg(DISTINCT substr(lower($1), i, 2)), '{}') FROM generate_series(1, char_length($1) - 1) AS i
      `,
});
