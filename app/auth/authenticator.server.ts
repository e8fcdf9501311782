import { Authenticator } from 'remix-auth';
import { FormStrategy } from 'remix-auth-form';
import { getDb } from '~/db/client';
import { verifyCredentials } from '~/workflows/auth/credentials';
import type { Actor } from '~/workflows/policy/roles';

export const authenticator = new Authenticator<Actor>();

/** Carries the client address from `authenticateForm` to the strategy (remix-auth hands it only a copy of the request). */
const clientAddressHeader = 'x-spm-client-address';

authenticator.use(
  new FormStrategy(async ({ form, request }) =>
    verifyCredentials({
      db: getDb(),
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      client: request.headers.get(clientAddressHeader) ?? undefined,
    }),
  ),
  'form',
);

/**
 * Signs in with the posted email and password. The client address is the one the server saw (sign-in
 * attempts are throttled per email and address); a header of that name sent by the client is dropped.
 */
export function authenticateForm(request: Request, clientAddress: string | undefined): Promise<Actor> {
  const headers = new Headers(request.headers);
  headers.delete(clientAddressHeader);
  if (clientAddress) headers.set(clientAddressHeader, clientAddress);
  return authenticator.authenticate('form', new Request(request, { headers }));
}
