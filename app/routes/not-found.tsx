import { data } from 'react-router';
import { requireUser } from '~/app/auth/user.server';
import type { Route } from './+types/not-found';

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request);
  throw data('There is no page at this address. Check the link, or start again from My work.', { status: 404 });
}

export default function NotFound() {
  return null;
}
