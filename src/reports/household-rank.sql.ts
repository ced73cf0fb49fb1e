/**
 * Where one household stands, without ranking its whole village: rank = 1 + the households
 * that earned more, counted; its neighbours found by keyset just above and just below it; the
 * year's points (stars) summed for those rows only.
 */

/** Earned points per household account over whole local months [start, end). */
export const EARNED_SQL = `SELECT account_id, sum(points)::bigint AS points FROM household_earned_monthly
  WHERE village_id = $1 AND month >= $2::date AND month < $3::date GROUP BY account_id`;

/**
 * The household $8 and its neighbours on the leaderboard of village $1 over [$2, $3), with the
 * points of the year [$4, $5); the same filters as the list ($6 group, $7 contact).
 * Ordered as the list: points descending, then code.
 */
export const NEIGHBOURHOOD_SQL = `
  WITH earned AS (${EARNED_SQL}),
       pts AS MATERIALIZED (
         SELECT h.id, h.code, h.group_name, h.account_id, coalesce(e.points, 0) AS points
         FROM household_roster_v h LEFT JOIN earned e ON e.account_id = h.account_id
         WHERE h.village_id = $1 AND h.status = 'active' AND ($6::text IS NULL OR h.group_name = $6) AND ($7::uuid IS NULL OR h.contact_user_id = $7)),
       me AS (SELECT points, code FROM pts WHERE id = $8),
       around AS (
         (SELECT p.* FROM pts p, me WHERE p.points > me.points OR (p.points = me.points AND p.code < me.code) ORDER BY p.points, p.code DESC LIMIT 1)
         UNION ALL
         SELECT p.* FROM pts p WHERE p.id = $8
         UNION ALL
         (SELECT p.* FROM pts p, me WHERE p.points < me.points OR (p.points = me.points AND p.code > me.code) ORDER BY p.points DESC, p.code LIMIT 1))
  SELECT a.id AS household_id, a.code, a.group_name, a.points,
         (SELECT coalesce(sum(m.points), 0) FROM household_earned_monthly m WHERE m.account_id = a.account_id AND m.month >= $4::date AND m.month < $5::date) AS year_points,
         1 + (SELECT count(*) FROM pts WHERE pts.points > a.points) AS rank
  FROM around a ORDER BY a.points DESC, a.code`;

/**
 * 1 + the active households of village `village` that earned more than `points` in `month`:
 * the rows above it on the (village, month, points) index, plus, when it is below zero, the
 * households with no row that month (they earned 0).
 */
export const monthRankSql = (village: string, month: string, points: string): string => `
  1 + (SELECT count(*) FROM household_earned_monthly e JOIN household_roster_v x ON x.account_id = e.account_id
        WHERE e.village_id = ${village} AND e.month = ${month} AND e.points > ${points} AND x.village_id = ${village} AND x.status = 'active')
    + CASE WHEN ${points} < 0 THEN
        (SELECT count(*) FROM household_roster_v x WHERE x.village_id = ${village} AND x.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM household_earned_monthly e WHERE e.account_id = x.account_id AND e.month = ${month}))
      ELSE 0 END`;
