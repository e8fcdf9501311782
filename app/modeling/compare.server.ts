import { data } from 'react-router';
import { idParam } from '~/app/http/route.server';
import { compareMax } from '~/workflows/modeling/scenarios';

/**
 * The scenarios a compare request names (`?scenario=1&scenario=2`), checked the same way for the page
 * and its CSV: none or more than four is a 400; an id that is not a number is not found.
 */
export function chosenScenarios(request: Request): number[] {
  const chosen = new URL(request.url).searchParams.getAll('scenario');
  if (chosen.length === 0) throw data('Choose at least one scenario to compare.', { status: 400 });
  if (chosen.length > compareMax) throw data(`Choose at most ${compareMax} scenarios to compare.`, { status: 400 });
  return chosen.map((v) => idParam(v));
}

/** The query string that names the same scenarios (for links between the page and its CSV). */
export const scenarioQuery = (ids: number[]) => `?${ids.map((id) => `scenario=${id}`).join('&')}`;
